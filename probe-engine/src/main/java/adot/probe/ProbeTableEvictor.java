package adot.probe;

import adot.core.time.TimeSource;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link DotProbeTable} within {@code max-entries}: when it is full, a batch of rows chosen by {@link
 * EvictionPlanner} is removed on the given executor (the service's maintenance thread), off the query path. Owns the
 * eviction state (one scan at a time, at most one pending).
 */
final class ProbeTableEvictor {
  private static final Logger log = LoggerFactory.getLogger(ProbeTableEvictor.class);

  private final Map<InetAddress, DotProbeEntry> rows;
  private final int maxEntries;
  /** Evict a few percent at a time so a full table pays for one scan per batch of new addresses, not per address. */
  private final int evictionBatch;
  private final Executor evictor;
  private final ProbeMetrics metrics;
  private final TimeSource clock;
  private final BiPredicate<DotProbeEntry, Instant> isLive;
  private final Predicate<DotProbeEntry> remover;
  private final ReentrantLock evictionLock = new ReentrantLock();
  private final AtomicBoolean evictionPending = new AtomicBoolean();

  /**
   * @param rows the table's rows (read only here)
   * @param remover removes one row from the table if it is still that row, with its accounting; true if removed
   */
  ProbeTableEvictor(Map<InetAddress, DotProbeEntry> rows, int maxEntries, Executor evictor, ProbeMetrics metrics,
      TimeSource clock, BiPredicate<DotProbeEntry, Instant> isLive, Predicate<DotProbeEntry> remover) {
    this.rows = rows;
    this.maxEntries = maxEntries;
    this.evictionBatch = Math.max(1, maxEntries / 32);
    this.evictor = evictor;
    this.metrics = metrics;
    this.clock = clock;
    this.isLive = isLive;
    this.remover = remover;
  }

  /**
   * Makes sure {@code ip} may be inserted. A full table asks the evictor to remove a batch of rows; the insert goes on
   * meanwhile, so the table can hold up to one batch ({@code maxEntries / 32}) more than {@code maxEntries} for the
   * time of one scan, and the query path does not pay for the scan. At that hard limit (reached only by a flood of
   * new addresses, thousands within one scan) a new address is not recorded until the eviction has made room.
   *
   * @return whether a new row for {@code ip} may be inserted
   */
  boolean makeRoomFor(InetAddress ip) {
    if (rows.size() < maxEntries || rows.containsKey(ip)) {
      return true;
    }
    if (evictionPending.compareAndSet(false, true)) {
      try {
        evictor.execute(
            () -> {
              try {
                evict();
              } finally {
                evictionPending.set(false);
              }
            });
      } catch (RejectedExecutionException e) {
        evictionPending.set(false);
        evict();
      }
    }
    if (rows.size() < maxEntries + evictionBatch) {
      return true;
    }
    metrics.notRecorded();
    return false;
  }

  /**
   * Evicts the most evictable rows so that one batch of new rows fits under {@code maxEntries}. One thread at a time;
   * others skip rather than wait. The scan covers at most the rows present when it starts, so a flood of inserts
   * cannot keep it going.
   *
   * @return false if another eviction was running
   */
  private boolean evict() {
    if (!evictionLock.tryLock()) {
      return false;
    }
    try {
      int size = rows.size();
      int over = size - maxEntries;
      if (over < 0) {
        return true; // another thread made room meanwhile
      }
      int toEvict = over + evictionBatch;
      List<DotProbeEntry> victims = EvictionPlanner.victims(rows.values(), size, toEvict, clock.now(),
          isLive);
      int evicted = 0;
      for (DotProbeEntry victim : victims) {
        if (remover.test(victim)) {
          evicted++;
        }
      }
      if (evicted > 0) {
        metrics.evicted(evicted);
        log.debug("event=probe-table-evicted max-entries={} evicted={}", maxEntries, evicted);
      }
      return true;
    } finally {
      evictionLock.unlock();
    }
  }
}
