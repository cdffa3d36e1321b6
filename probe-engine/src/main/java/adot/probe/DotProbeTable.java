package adot.probe;

import adot.core.time.TimeSource;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The DoT probe table: one {@link DotProbeEntry} per authoritative server address, and the state machine that moves
 * rows between {@link DotStatus}es. The single owner of that state.
 *
 * <p>Called on every outgoing query from the resolver's event loops, so every operation is one {@link
 * ConcurrentHashMap#compute} on one key (no global lock) and returns at once; probes are only <em>requested</em> here
 * ({@link Visit#probeNow()}), the {@link ProbeScheduler} runs them. The number of Busy rows is the probe bound: a row
 * goes Busy only after taking a slot from an atomic counter, never more than {@code maxBusyDotProbes}.
 *
 * <p>Expired rows count as absent on every read and are removed by {@link #prune()}. When the table is full the least
 * recently visited rows are evicted, a batch at a time and off the query path: expired first, then Unknown and Bad,
 * then Good; Busy rows never.
 */
public final class DotProbeTable {
  private static final Logger log = LoggerFactory.getLogger(DotProbeTable.class);

  /**
   * How long past its probe deadline a Busy row lives before it counts as expired. The scheduler always completes a
   * probe by its deadline, so this is only a safety net against a lost completion holding a slot forever.
   */
  static final Duration BUSY_GRACE = Duration.ofMinutes(1);

  private final ProbeOptions options;
  private final TimeSource clock;
  private final ProbeMetrics metrics;
  private final ConcurrentHashMap<InetAddress, DotProbeEntry> rows = new ConcurrentHashMap<>();
  /** One per Busy row: taken when a row goes Busy, released when it leaves Busy (see {@link #account}). */
  private final ProbeSlots slots;
  /** Rows per status (index = ordinal), including expired rows not yet pruned. */
  private final AtomicLongArray counts = new AtomicLongArray(DotStatus.values().length);
  private final ProbeTableEvictor evictor;

  /** The result of {@link #visit}: the row after the visit, and whether the caller must now start its probe. */
  public record Visit(DotProbeEntry row, boolean probeNow) {}

  /** A table that evicts on the caller's thread when full (for tests and tools). */
  public DotProbeTable(ProbeOptions options, TimeSource clock, ProbeMetrics metrics) {
    this(options, clock, metrics, Runnable::run);
  }

  /**
   * @param evictor where the eviction scan of a full table runs, off the query path (the service's maintenance
   *     thread); the table may hold one eviction batch ({@code maxEntries / 32}) more rows until it has run
   */
  public DotProbeTable(ProbeOptions options, TimeSource clock, ProbeMetrics metrics, Executor evictor) {
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.evictor = new ProbeTableEvictor(rows, options.maxEntries(), Objects.requireNonNull(evictor, "evictor"),
        metrics, clock, this::isLive, victim -> {
          if (rows.remove(victim.ip(), victim)) {
            account(victim, null);
            return true;
          }
          return false;
        });
    this.slots = new ProbeSlots(options.maxBusyDotProbes(), options.timeout().plus(BUSY_GRACE),
        options.probingEnabled(), clock);
    metrics.bind(this);
  }

  /**
   * Records a Do53 query to {@code ip} for {@code zone}. An absent (or expired) row starts as Unknown with count 1; an
   * Unknown row whose count reaches {@code visitsBeforeProbe} goes Busy if a probe slot is free, and then the caller
   * must start the probe ({@link Visit#probeNow()}). Without a free slot the row stays Unknown and a later visit
   * tries again. (Only if the table is at its hard size limit, while an eviction runs, is a new address not
   * recorded: the returned row is then not in the table.)
   */
  public Visit visit(InetAddress ip, Name zone) {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(zone, "zone");
    Instant now = clock.now();
    if (!evictor.makeRoomFor(ip)) {
      return new Visit(DotProbeEntry.firstVisit(ip, zone, now, now.plus(options.visitWindow())), false);
    }
    boolean[] probeNow = new boolean[1];
    DotProbeEntry after =
        rows.compute(
            ip,
            (k, old) -> {
              DotProbeEntry next;
              if (old == null || !isLive(old, now)) {
                next = DotProbeEntry.firstVisit(ip, zone, now, now.plus(options.visitWindow()));
              } else {
                next = old.visitedAt(now);
              }
              account(old, next); // first: an expired Busy row gives its slot back before a new probe takes one
              if (next.status() == DotStatus.UNKNOWN
                  && next.count() >= options.visitsBeforeProbe()
                  && slots.tryTake(ip, now)) {
                DotProbeEntry busyRow = next.withStatus(DotStatus.BUSY, now, now.plus(options.timeout()));
                account(next, busyRow);
                next = busyRow;
                probeNow[0] = true;
              }
              return next;
            });
    if (probeNow[0]) {
      log.debug("DoT probe of {} for zone {} requested after {} visits", IpAddresses.format(ip), zone, after.count());
    }
    return new Visit(after, probeNow[0]);
  }

  /**
   * Applies a finished probe to the row that went Busy for it: success → Good for {@code persistence}; not sent
   * (shutting down) → back to Unknown with the visit count reset; any other failure → Bad for {@code damping}. A result for a row that is no
   * longer that Busy row (pruned, replaced) is ignored.
   *
   * @return the row after the change, or {@code null} if the result was stale
   */
  public DotProbeEntry probeFinished(DotProbeEntry busyRow, ProbeResult result) {
    Instant now = clock.now();
    DotProbeEntry[] before = new DotProbeEntry[1];
    DotProbeEntry after =
        rows.computeIfPresent(
            busyRow.ip(),
            (k, old) -> {
              if (old.status() != DotStatus.BUSY || !old.since().equals(busyRow.since())) {
                return old;
              }
              DotProbeEntry next =
                  switch (result.outcome()) {
                    case OK -> old.withStatus(DotStatus.GOOD, now, now.plus(options.persistence()));
                    // not sent (stopping, or DoT unavailable): Unknown again, and the visits start over, so a probe
                    // that cannot be sent is not retried on every single query
                    case NOT_SENT -> old.withStatus(DotStatus.UNKNOWN, now, now.plus(options.visitWindow()))
                        .withCountReset();
                    default -> old.withStatus(DotStatus.BAD, now, now.plus(options.damping()));
                  };
              next = next.withOutcome(result.outcome(), result.succeeded() ? result.handshake() : null);
              account(old, next);
              before[0] = old;
              return next;
            });
    if (before[0] == null) {
      log.debug("stale DoT probe result for {} ignored: {}", IpAddresses.format(busyRow.ip()), result);
      return null;
    }
    String reason =
        result.succeeded()
            ? "probe " + result.outcome().label() + StatusChangeLog.handshakeText(result.handshake())
            : "probe " + result.outcome().label() + ": " + result.detail();
    StatusChangeLog.log(before[0].status(), after, reason);
    return after;
  }

  /** A DoT exchange with {@code ip} succeeded in normal traffic: a Good row lasts {@code persistence} from now. */
  public void dotSucceeded(InetAddress ip) {
    Instant now = clock.now();
    rows.computeIfPresent(
        ip,
        (k, old) -> {
          if (old.status() != DotStatus.GOOD || !isLive(old, now)) {
            return old;
          }
          Instant ttd = now.plus(options.persistence());
          return old.withTtd(ttd.isAfter(old.ttd()) ? ttd : old.ttd())
              .withOutcome(ProbeOutcome.OK, old.handshake())
              .withLastVisit(now);
        });
  }

  /**
   * A DoT exchange with {@code ip} failed in normal traffic: the server goes Bad for {@code damping} (from Good or
   * Unknown; an absent row is created Bad). A Busy row is left to its probe, a Bad row keeps its expiry.
   */
  public void dotFailed(InetAddress ip, Name zone, ProbeOutcome outcome, String reason) {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(zone, "zone");
    Instant now = clock.now();
    if (!evictor.makeRoomFor(ip)) {
      return;
    }
    DotStatus[] before = new DotStatus[1];
    boolean[] changed = new boolean[1];
    DotProbeEntry after =
        rows.compute(
            ip,
            (k, old) -> {
              DotProbeEntry live = old != null && isLive(old, now) ? old : null;
              if (live != null && (live.status() == DotStatus.BUSY || live.status() == DotStatus.BAD)) {
                return old;
              }
              DotProbeEntry base =
                  live != null
                      ? live.withLastVisit(now)
                      : new DotProbeEntry(
                          ip, zone, 0, DotStatus.UNKNOWN, now, now, ProbeOutcome.NONE, null, now);
              DotProbeEntry next =
                  base.withStatus(DotStatus.BAD, now, now.plus(options.damping())).withOutcome(outcome, null);
              account(old, next);
              before[0] = live == null ? null : live.status();
              changed[0] = true;
              return next;
            });
    if (changed[0]) {
      StatusChangeLog.log(before[0], after, "DoT exchange failed: " + reason);
    }
  }

  /** The live (unexpired) row for {@code ip}, or {@code null}. */
  public DotProbeEntry get(InetAddress ip) {
    DotProbeEntry row = rows.get(ip);
    return row != null && isLive(row, clock.now()) ? row : null;
  }

  /** Whether {@code ip} has a live Good row; one map read. */
  public boolean isGood(InetAddress ip) {
    DotProbeEntry row = rows.get(ip);
    return row != null && row.status() == DotStatus.GOOD && clock.now().isBefore(row.ttd());
  }

  /** Removes expired rows; called periodically by the service. Returns how many were removed. */
  public int prune() {
    Instant now = clock.now();
    int removed = 0;
    for (Map.Entry<InetAddress, DotProbeEntry> e : rows.entrySet()) {
      if (!isLive(e.getValue(), now) && removeIfExpired(e.getKey(), now)) {
        removed++;
      }
    }
    return removed;
  }

  /** The live rows, ordered by address (IPv4 first). */
  public List<DotProbeEntry> snapshot() {
    Instant now = clock.now();
    List<DotProbeEntry> out = new ArrayList<>();
    for (DotProbeEntry row : rows.values()) {
      if (isLive(row, now)) {
        out.add(row);
      }
    }
    out.sort(Comparator.comparing(DotProbeEntry::ip, IpAddresses.ORDER));
    return out;
  }

  /**
   * Replaces the contents with {@code loaded} (rows from the state file, none Busy). Over {@code maxEntries} rows it
   * keeps those the size bound would ({@link EvictionPlanner#evictionOrder}): Good rows first, then the most recently
   * visited. An address given twice keeps its most recently visited row. No row lives longer from now than its status
   * lasts under the current settings ({@code persistence}, {@code damping}, {@code visit-window}): a file saved with
   * longer settings, or by a clock that ran ahead, cannot keep a server Good or Bad beyond them.
   *
   * @throws IllegalArgumentException if a row is Busy: a saved probe cannot still be in flight
   */
  public void restore(Collection<DotProbeEntry> loaded) {
    Instant now = clock.now();
    Map<InetAddress, DotProbeEntry> byIp = new HashMap<>();
    for (DotProbeEntry row : loaded) {
      if (row.status() == DotStatus.BUSY) {
        throw new IllegalArgumentException("cannot restore a Busy row for " + row.ip());
      }
      Instant latest = now.plus(switch (row.status()) {
        case GOOD -> options.persistence();
        case BAD -> options.damping();
        default -> options.visitWindow();
      });
      DotProbeEntry capped = row.ttd().isAfter(latest) ? row.withTtd(latest) : row;
      byIp.merge(row.ip(), capped, (a, b) -> b.lastVisit().isAfter(a.lastVisit()) ? b : a);
    }
    List<DotProbeEntry> sorted = new ArrayList<>(byIp.values());
    sorted.sort(EvictionPlanner.evictionOrder(now, this::isLive).reversed()); // the least evictable first
    for (InetAddress ip : List.copyOf(rows.keySet())) {
      rows.computeIfPresent(
          ip,
          (k, old) -> {
            account(old, null);
            return null;
          });
    }
    for (DotProbeEntry row : sorted.subList(0, Math.min(sorted.size(), options.maxEntries()))) {
      rows.compute(
          row.ip(),
          (k, old) -> {
            account(old, row, false); // a row loaded from the state file: its status was set before the restart
            return row;
          });
    }
  }

  /** From now on no row goes Busy (used when the service stops, so no probe is requested that nobody runs). */
  public void stopProbing() {
    slots.close();
  }

  /** Rows in status Busy (probes in flight). */
  public int busyCount() {
    return slots.taken();
  }

  /** Rows in status {@code status}, including expired rows not yet pruned. */
  public long count(DotStatus status) {
    return counts.get(status.ordinal());
  }

  /** All rows, including expired ones not yet pruned. */
  public int size() {
    return rows.size();
  }

  public ProbeOptions options() {
    return options;
  }

  /**
   * Whether {@code row} has not expired at {@code now}. A Busy row is judged on the monotonic clock, as the scheduler
   * times its probe: a step of the wall clock (NTP, a resumed VM) must not free the slot of a probe still running.
   */
  private boolean isLive(DotProbeEntry row, Instant now) {
    if (row.status() != DotStatus.BUSY) {
      return now.isBefore(row.ttd());
    }
    Boolean within = slots.withinLifetime(row);
    return within != null ? within : now.isBefore(row.ttd().plus(BUSY_GRACE));
  }

  /**
   * Keeps the per-status counts (and the Busy slots) in step with a row replacement; called inside the map's compute
   * for that key, so each replacement is accounted exactly once. Entering Busy takes no slot here: {@link
   * ProbeSlots#tryTake} took it already. A Busy row updated for the same probe (a visit counted while it runs) keeps
   * its slot; any other replacement of a Busy row releases it.
   */
  private void account(DotProbeEntry old, DotProbeEntry next) {
    account(old, next, true);
  }

  /** As {@link #account(DotProbeEntry, DotProbeEntry)}; {@code changeMetric} false for rows that change no status. */
  private void account(DotProbeEntry old, DotProbeEntry next, boolean changeMetric) {
    if (old != null) {
      counts.decrementAndGet(old.status().ordinal());
      boolean sameProbe =
          next != null && next.status() == DotStatus.BUSY && next.since().equals(old.since());
      if (old.status() == DotStatus.BUSY && !sameProbe) {
        slots.release(old); // when the row leaves Busy, not when it is updated for the same probe
      }
    }
    if (next != null) {
      counts.incrementAndGet(next.status().ordinal());
    }
    if (changeMetric
        && next != null
        && (next.status() == DotStatus.GOOD || next.status() == DotStatus.BAD)
        && (old == null || old.status() != next.status())) {
      metrics.statusChanged(old == null ? null : old.status(), next.status());
    }
  }

  private boolean removeIfExpired(InetAddress ip, Instant now) {
    boolean[] removed = new boolean[1];
    rows.computeIfPresent(
        ip,
        (k, old) -> {
          if (isLive(old, now)) {
            return old;
          }
          account(old, null);
          removed[0] = true;
          return null;
        });
    return removed[0];
  }

}
