package adot.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.FakeTimeSource;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerStatsTest {
  private final FakeTimeSource time = new FakeTimeSource();
  private final ServerStats stats = new ServerStats(100, 3, Duration.ofSeconds(60), time);
  private final InetAddress fast = InetAddress.getLoopbackAddress();
  private final InetAddress slow;

  ServerStatsTest() throws Exception {
    slow = InetAddress.getByName("127.0.0.2");
  }

  @Test
  void recordReply_fasterServerScoresLower() {
    stats.recordReply(fast, Duration.ofMillis(5));
    stats.recordReply(slow, Duration.ofMillis(80));
    assertThat(stats.smoothedRttMicros(fast)).isLessThan(stats.smoothedRttMicros(slow));
  }

  @Test
  void recordReply_smoothsSamples() {
    stats.recordReply(fast, Duration.ofMillis(10));
    stats.recordReply(fast, Duration.ofMillis(20));
    assertThat(stats.smoothedRttMicros(fast)).isEqualTo(0.7 * 10_000 + 0.3 * 20_000);
  }

  @Test
  void recordTimeout_penaltyDecaysSoDeadServerIsRetriedLater() {
    stats.recordReply(fast, Duration.ofMillis(50));
    stats.recordTimeout(slow, Duration.ofMillis(1500));
    assertThat(stats.smoothedRttMicros(slow)).isGreaterThan(stats.smoothedRttMicros(fast));

    time.advance(Duration.ofMinutes(10)); // both decay, but the untouched penalty falls below a fresh sample
    stats.recordReply(fast, Duration.ofMillis(50));
    assertThat(stats.smoothedRttMicros(slow)).isLessThan(stats.smoothedRttMicros(fast));
  }

  @Test
  void recordTimeout_throttlesAfterConsecutiveTimeoutsThenReleases() {
    stats.recordTimeout(slow, Duration.ofMillis(1500));
    stats.recordTimeout(slow, Duration.ofMillis(1500));
    assertThat(stats.isThrottled(slow)).isFalse();
    stats.recordTimeout(slow, Duration.ofMillis(1500));
    assertThat(stats.isThrottled(slow)).isTrue();

    time.advance(Duration.ofSeconds(61));
    assertThat(stats.isThrottled(slow)).isFalse();
  }

  @Test
  void recordReply_resetsConsecutiveTimeouts() {
    stats.recordTimeout(slow, Duration.ofMillis(1500));
    stats.recordTimeout(slow, Duration.ofMillis(1500));
    stats.recordReply(slow, Duration.ofMillis(10));
    stats.recordTimeout(slow, Duration.ofMillis(1500));
    assertThat(stats.isThrottled(slow)).isFalse();
  }

  @Test
  void recordTimeout_manyTimeoutsStayFiniteAndTheServerRecovers() {
    for (int i = 0; i < 5000; i++) {
      stats.recordTimeout(slow, Duration.ofMillis(1500));
    }
    double penalty = stats.smoothedRttMicros(slow);
    assertThat(penalty).isFinite().isLessThanOrEqualTo(8 * 1_500_000.0);

    time.advance(Duration.ofMinutes(10));
    stats.recordReply(slow, Duration.ofMillis(5));
    assertThat(stats.smoothedRttMicros(slow)).isLessThan(100_000);
  }

  @Test
  void markNoEdns_holdsForItsTtlThenEdnsIsTriedAgain() {
    assertThat(stats.noEdns(fast)).isFalse();

    stats.markNoEdns(fast);
    time.advance(ServerStats.NO_EDNS_TTL.minusSeconds(1));
    assertThat(stats.noEdns(fast)).isTrue();
    assertThat(stats.noEdns(slow)).isFalse();

    time.advance(Duration.ofSeconds(2));
    assertThat(stats.noEdns(fast)).isFalse();
  }
}
