package adot.core.transport.dot;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.FakeTimeSource;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link DotPool}'s bookkeeping of connections that went quiet (pure logic: no sockets, a fake clock). */
class DotPoolTest {
  private final FakeTimeSource time = new FakeTimeSource();
  private final DotPool pool = new DotPool(DotOptions.defaults(), null, null, time, null);
  private final DotServerKey server = key("127.0.0.1");

  @Test
  void wentQuietAgain_firstQuietConnection_isNotAgain() {
    assertThat(pool.wentQuietAgain(connection(server))).isFalse();
  }

  @Test
  void wentQuietAgain_anotherConnectionWithinTheMinute_isAgain() {
    pool.wentQuietAgain(connection(server));
    time.advance(Duration.ofSeconds(59));

    assertThat(pool.wentQuietAgain(connection(server))).isTrue();
  }

  @Test
  void wentQuietAgain_anotherConnectionAfterTheMinute_isNotAgain() {
    pool.wentQuietAgain(connection(server));
    time.advance(Duration.ofSeconds(61));

    assertThat(pool.wentQuietAgain(connection(server))).isFalse();
  }

  @Test
  void wentQuietAgain_sameConnectionReportedByItsOtherQueries_isOneDeath() {
    DotConnection dead = connection(server);
    pool.wentQuietAgain(dead);

    assertThat(pool.wentQuietAgain(dead)).as("a second query timing out on the same dead connection").isFalse();
    assertThat(pool.wentQuietAgain(connection(server))).as("a new connection going quiet still counts").isTrue();
  }

  @Test
  void wentQuietAgain_connectionAlreadyOpenWhenTheFirstWentQuiet_isTheSameDeath() {
    DotConnection first = connection(server);
    DotConnection openAlongside = connection(server); // e.g. both idle behind a middlebox that forgot them
    pool.wentQuietAgain(first);
    time.advance(Duration.ofSeconds(1));

    assertThat(pool.wentQuietAgain(openAlongside)).isFalse();
    assertThat(pool.wentQuietAgain(connection(server))).as("one opened after them").isTrue();
  }

  @Test
  void wentQuietAgain_connectionOpenedBetweenTwoDeathsOfOlderOnes_stillCounts() {
    DotConnection first = connection(server);
    DotConnection second = connection(server);
    pool.wentQuietAgain(first);
    DotConnection opened = connection(server);
    pool.wentQuietAgain(second); // the same death, reported later: must not hide the next

    assertThat(pool.wentQuietAgain(opened)).isTrue();
  }

  @Test
  void wentQuietAgain_otherServer_isNotAgain() {
    pool.wentQuietAgain(connection(server));

    assertThat(pool.wentQuietAgain(connection(key("127.0.0.2")))).isFalse();
  }

  private DotConnection connection(DotServerKey key) {
    return new DotConnection(pool, key, null, null, 853);
  }

  private static DotServerKey key(String ip) {
    try {
      return new DotServerKey(InetAddress.getByName(ip), null);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
