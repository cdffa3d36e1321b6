package adot.probe;

import adot.core.time.TimeSource;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code max-busy-dot-probes} slots of a {@link DotProbeTable}: how many probes run, and until when each one's
 * Busy row may live. The table takes and releases slots inside the compute of the row concerned, so the count follows
 * the Busy rows exactly.
 *
 * <p>Deadlines are on the monotonic clock, as the scheduler times the probe itself: a step of the wall clock (NTP, a
 * resumed VM) must not free the slot of a probe that is still running.
 */
final class ProbeSlots {
  private final int max;
  private final long lifetimeNanos;
  private final TimeSource clock;
  private final AtomicInteger taken = new AtomicInteger();
  /** When each running probe counts as lost, by the address probed. */
  private final Map<InetAddress, Deadline> deadlines = new ConcurrentHashMap<>();
  private volatile boolean open;

  /**
   * @param lifetime how long a Busy row lives at most: the probe timeout plus a grace, after which its completion
   *     counts as lost
   */
  ProbeSlots(int max, Duration lifetime, boolean open, TimeSource clock) {
    this.max = max;
    this.lifetimeNanos = lifetime.toNanos();
    this.open = open;
    this.clock = clock;
  }

  /**
   * Takes a slot for a probe of {@code ip}, if one is free and probing is on.
   *
   * @param since the {@link DotProbeEntry#since()} of the Busy row the probe is for (identifies the probe)
   */
  boolean tryTake(InetAddress ip, Instant since) {
    while (open) {
      int t = taken.get();
      if (t >= max) {
        return false;
      }
      if (taken.compareAndSet(t, t + 1)) {
        deadlines.put(ip, new Deadline(since, clock.nanoTime() + lifetimeNanos));
        return true;
      }
    }
    return false;
  }

  /** Gives back the slot of the probe of {@code busyRow} (its deadline only: a newer probe of the address keeps its). */
  void release(DotProbeEntry busyRow) {
    taken.decrementAndGet();
    deadlines.computeIfPresent(busyRow.ip(), (ip, d) -> d.since().equals(busyRow.since()) ? null : d);
  }

  /**
   * Whether the probe of {@code busyRow} is within its lifetime: {@code null} when no deadline is known for it (the
   * caller then judges by the row's own time).
   */
  Boolean withinLifetime(DotProbeEntry busyRow) {
    Deadline d = deadlines.get(busyRow.ip());
    return d == null || !d.since().equals(busyRow.since()) ? null : clock.nanoTime() - d.nanos() < 0;
  }

  /** From now on no slot is given out. */
  void close() {
    open = false;
  }

  /** Slots in use. */
  int taken() {
    return taken.get();
  }

  /** A probe's Busy-row identity and when it counts as lost ({@link TimeSource#nanoTime()}). */
  private record Deadline(Instant since, long nanos) {}
}
