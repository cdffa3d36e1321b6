package adot.core.time;

import java.time.Instant;

/** {@link TimeSource} backed by {@link System#nanoTime()} and {@link Instant#now()}. */
enum SystemTimeSource implements TimeSource {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
