package adot.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that only moves when told to; both the monotonic and the wall clock advance together, unless
 * the wall clock alone is stepped ({@link #stepWallClock}, as NTP or a resumed VM does). For tests of caches and state
 * machines; lives in main code so every module's tests can use it.
 */
public final class FakeTimeSource implements TimeSource {
  private final Instant epoch;
  private final AtomicLong elapsedNanos = new AtomicLong();
  private final AtomicLong wallStepNanos = new AtomicLong();

  /** A fake clock whose wall time starts at {@code start}. */
  public FakeTimeSource(Instant start) {
    this.epoch = start;
  }

  /** A fake clock starting at 2026-01-01T00:00:00Z. */
  public FakeTimeSource() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Moves both clocks forward by {@code amount}. */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + amount);
    }
    elapsedNanos.addAndGet(amount.toNanos());
  }

  /** Moves the wall clock alone by {@code amount} (either way); the monotonic clock does not move. */
  public void stepWallClock(Duration amount) {
    wallStepNanos.addAndGet(amount.toNanos());
  }

  @Override
  public long nanoTime() {
    return elapsedNanos.get();
  }

  @Override
  public Instant now() {
    return epoch.plusNanos(elapsedNanos.get() + wallStepNanos.get());
  }
}
