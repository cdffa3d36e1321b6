package adot.core.time;

import java.time.Instant;

/**
 * The one clock of the resolver: a monotonic nanosecond counter for durations and cache ages, and a wall clock for
 * times an operator reads or that outlive the process (probe-table expiry, the state file).
 *
 * <p>Injected everywhere time matters so state machines and caches are tested with {@link FakeTimeSource} instead of
 * sleeping. Implementations are thread-safe.
 */
public interface TimeSource {

  /** Monotonic time in nanoseconds, as {@link System#nanoTime()}; only differences are meaningful. */
  long nanoTime();

  /** Wall-clock time. */
  Instant now();

  /** The real clock of the machine. */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }

  /** This clock as a Caffeine ticker, for caches that expire on it. */
  default com.github.benmanes.caffeine.cache.Ticker asTicker() {
    return this::nanoTime;
  }
}
