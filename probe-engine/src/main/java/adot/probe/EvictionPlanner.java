package adot.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BiPredicate;

/**
 * Chooses which probe-table rows to evict when the table is full: expired rows first, then Unknown and Bad, then Good,
 * each by least recent visit; live Busy rows never (their probe holds a slot). Pure selection; the table removes.
 */
final class EvictionPlanner {
  private EvictionPlanner() {}

  /**
   * The {@code toEvict} most evictable of {@code rows}, looking at no more than {@code scanBudget} of them (so a flood
   * of inserts during the scan cannot keep it going).
   */
  static List<DotProbeEntry> victims(Iterable<DotProbeEntry> rows, int scanBudget, int toEvict, Instant now,
      BiPredicate<DotProbeEntry, Instant> isLive) {
    Comparator<DotProbeEntry> evictFirst = evictionOrder(now, isLive);
    // Keep the toEvict most evictable rows: a max-heap on the eviction order, its head the least evictable kept.
    PriorityQueue<DotProbeEntry> victims = new PriorityQueue<>(toEvict + 1, evictFirst.reversed());
    int budget = scanBudget;
    for (DotProbeEntry row : rows) {
      if (budget-- <= 0) {
        break;
      }
      if (row.status() == DotStatus.BUSY && isLive.test(row, now)) {
        continue;
      }
      victims.add(row);
      if (victims.size() > toEvict) {
        victims.poll();
      }
    }
    return new ArrayList<>(victims);
  }

  /** Most evictable first: expired rows, then Unknown and Bad, then Good, each by least recent visit, then by address. */
  static Comparator<DotProbeEntry> evictionOrder(Instant now, BiPredicate<DotProbeEntry, Instant> isLive) {
    return Comparator.<DotProbeEntry>comparingInt(r -> rank(r, now, isLive))
        .thenComparing(DotProbeEntry::lastVisit)
        .thenComparing(DotProbeEntry::ip, IpAddresses.ORDER);
  }

  private static int rank(DotProbeEntry row, Instant now, BiPredicate<DotProbeEntry, Instant> isLive) {
    if (!isLive.test(row, now)) {
      return 0;
    }
    return row.status() == DotStatus.GOOD ? 2 : 1;
  }
}
