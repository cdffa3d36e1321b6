package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.FakeTimeSource;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ProbeSlotsTest {
  private static final InetAddress A = IpAddresses.parse("192.0.2.1");
  private static final InetAddress B = IpAddresses.parse("192.0.2.2");
  private final FakeTimeSource clock = new FakeTimeSource();
  private final ProbeSlots slots = new ProbeSlots(1, Duration.ofSeconds(64), true, clock);

  private DotProbeEntry busy(InetAddress ip, Instant since) {
    Name zone = Name.fromConstantString("example.com.");
    return DotProbeEntry.firstVisit(ip, zone, since, since).withStatus(DotStatus.BUSY, since, since.plusSeconds(4));
  }

  @Test
  void tryTake_allTaken_refusesUntilOneIsReleased() {
    Instant now = clock.now();
    assertThat(slots.tryTake(A, now)).isTrue();

    assertThat(slots.tryTake(B, now)).isFalse();
    slots.release(busy(A, now));
    assertThat(slots.tryTake(B, now)).isTrue();
    assertThat(slots.taken()).isEqualTo(1);
  }

  @Test
  void tryTake_afterClose_refuses() {
    slots.close();

    assertThat(slots.tryTake(A, clock.now())).isFalse();
    assertThat(slots.taken()).isZero();
  }

  @Test
  void withinLifetime_followsTheMonotonicClockNotTheWallClock() {
    DotProbeEntry row = busy(A, clock.now());
    slots.tryTake(A, row.since());

    clock.stepWallClock(Duration.ofDays(1));
    assertThat(slots.withinLifetime(row)).isTrue();
    clock.advance(Duration.ofSeconds(64));
    assertThat(slots.withinLifetime(row)).isFalse();
    assertThat(slots.withinLifetime(busy(B, row.since()))).as("no probe of B: the caller judges").isNull();
  }

  @Test
  void release_ofAnOlderProbeOfTheSameAddress_keepsTheNewerProbesDeadline() {
    ProbeSlots two = new ProbeSlots(2, Duration.ofSeconds(64), true, clock);
    DotProbeEntry older = busy(A, clock.now());
    two.tryTake(A, older.since());
    clock.advance(Duration.ofSeconds(1));
    DotProbeEntry newer = busy(A, clock.now());
    two.tryTake(A, newer.since());

    two.release(older); // an evictor that removed the expired older row, late

    assertThat(two.withinLifetime(newer)).isTrue();
    assertThat(two.taken()).isEqualTo(1);
  }
}
