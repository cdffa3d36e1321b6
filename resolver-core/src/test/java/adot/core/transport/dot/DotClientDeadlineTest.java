package adot.core.transport.dot;

import static adot.core.transport.dot.DotTestSupport.failure;
import static adot.core.transport.dot.DotTestSupport.query;
import static adot.core.transport.dot.DotTestSupport.reply;
import static org.assertj.core.api.Assertions.assertThat;

import adot.core.transport.Transport;
import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import adot.core.transport.UpstreamRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The deadline of a query that waits for a new connection ({@link UpstreamRequest#setupAllowance()}), and an RTT that
 * leaves the set-up out. The test server plays a distant one: it reads a new connection only after a delay (so the
 * handshake completes that much later) and delays each reply; the timeout is 1 s throughout.
 */
class DotClientDeadlineTest extends DotClientFixture {
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  /** A query to the server with {@code setupMillis} before its handshake and {@code replyMillis} before each reply. */
  private UpstreamRequest toDistantServer(long setupMillis, long replyMillis, Duration allowance) {
    server.handshakeDelayMillis = setupMillis;
    server.delayMillis = replyMillis;
    return new UpstreamRequest(loopback, query("www.example.test.", 7), Transport.DOT, ONE_SECOND, SNI, allowance);
  }

  @Test
  void send_setUpAndReplyTogetherLongerThanTheTimeout_answeredWithinTheAllowance() throws Exception {
    client = client(options());

    // Written at about 0.5 s: its deadline moves to 1.5 s, the reply comes at about 1.1 s.
    UpstreamReply reply = reply(client.send(toDistantServer(500, 600, ONE_SECOND)));

    assertAnsweredAfterTheSetUp(reply);
  }

  @Test
  void send_fromAnEventLoopOfTheGroup_theDeadlineMovesOnThatLoopToo() throws Exception {
    client = client(options());
    UpstreamRequest request = toDistantServer(500, 600, ONE_SECOND);

    // The timer runs on the caller's loop when there is one.
    UpstreamReply reply = reply(clientGroup.next().submit(() -> client.send(request)).get());

    assertAnsweredAfterTheSetUp(reply);
  }

  private static void assertAnsweredAfterTheSetUp(UpstreamReply reply) {
    assertThat(reply.transport()).isEqualTo(Transport.DOT);
    assertThat(reply.reusedConnection()).isFalse();
    assertThat(reply.connectionSetup()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(reply.rtt()).as("from the write: the server's reply delay, without the set-up")
        .isGreaterThanOrEqualTo(Duration.ofMillis(600)).isLessThan(Duration.ofMillis(1100));
  }

  @Test
  void send_setUpAndReplyTogetherLongerThanTheTimeout_timesOutWithoutAllowance() throws Exception {
    client = client(options());

    UpstreamException e = failure(client.send(toDistantServer(500, 800, Duration.ZERO)));

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
  }

  @Test
  void send_replyLaterThanTheAllowanceReaches_timesOut() throws Exception {
    client = client(options());

    // The deadline moves from 1 s to at most 1.1 s; the reply would come at about 1.3 s.
    UpstreamException e = failure(client.send(toDistantServer(500, 800, Duration.ofMillis(100))));

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
  }

  @Test
  void send_setUpLongerThanTheTimeout_timesOutDespiteTheAllowance() throws Exception {
    client = client(options());

    UpstreamException e = failure(client.send(toDistantServer(1300, 0, ONE_SECOND)));

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
  }

  @Test
  void send_resendOnANewConnection_getsOnlyWhatIsLeftOfTheTimeout() throws Exception {
    client = client(options());
    reply(client.send(toDistantServer(0, 0, ONE_SECOND))); // opens the connection
    server.closeOnQueryAfterReplies = 1; // which the server closes when the next query comes: that one is resent

    // The resend is written on a new connection at about 0.5 s and would be answered at about 1.3 s: past the
    // deadline of 1 s, within the 1.5 s a first attempt would get.
    UpstreamException e = failure(client.send(toDistantServer(500, 800, ONE_SECOND)));

    assertThat(client.stats().retries()).isEqualTo(1);
    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
  }

  @Test
  void send_onAnEstablishedConnection_theTimeoutRunsFromTheCall() throws Exception {
    client = client(options());
    reply(client.send(toDistantServer(0, 0, ONE_SECOND))); // opens the connection

    UpstreamException e = failure(client.send(toDistantServer(0, 1300, ONE_SECOND)));

    assertThat(e.kind()).as("no set-up to allow for").isEqualTo(UpstreamException.Kind.TIMEOUT);
    assertThat(e.freshConnection()).isFalse();
  }
}
