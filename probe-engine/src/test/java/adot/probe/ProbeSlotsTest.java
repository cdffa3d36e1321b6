package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.FakeTimeSource;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeSlotsTest {
  private static final InetAddress A = IpAddresses.parse("192.0.2.1");
  private static final InetAddress B = IpAddresses.parse("192.0.2.2");
  private final FakeTimeSource clock = new FakeTimeSource();
  private final ProbeSlots slots = new ProbeSlots(1, Duration.ofSeconds(64), true, clock);

  @Test
  void tryTake_allTaken_refusesUntilOneIsReleased() {
    assertThat(slots.tryTake(A)).isTrue();

    assertThat(slots.tryTake(B)).isFalse();
    slots.release(A);
    assertThat(slots.tryTake(B)).isTrue();
    assertThat(slots.taken()).isEqualTo(1);
  }

  @Test
  void tryTake_afterClose_refuses() {
    slots.close();

    assertThat(slots.tryTake(A)).isFalse();
    assertThat(slots.taken()).isZero();
  }

  @Test
  void withinLifetime_followsTheMonotonicClockNotTheWallClock() {
    slots.tryTake(A);

    clock.stepWallClock(Duration.ofDays(1));
    assertThat(slots.withinLifetime(A)).isTrue();
    clock.advance(Duration.ofSeconds(64));
    assertThat(slots.withinLifetime(A)).isFalse();
    assertThat(slots.withinLifetime(B)).as("no probe of B: the caller judges").isNull();
  }
}
