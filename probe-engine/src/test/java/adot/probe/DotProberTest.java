package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.iter.QueryFactory;
import adot.core.transport.Transport;
import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class DotProberTest {
  static final Name ZONE = Name.fromConstantString("example.com.");
  static final InetAddress SERVER = IpAddresses.parse("192.0.2.1");

  final ManualUpstream upstream = new ManualUpstream();
  /** Not the default 1232: the probe must advertise what the resolver is configured to. */
  static final int EDNS_SIZE = 1400;

  final DotProber prober = new DotProber(upstream, new QueryFactory(EDNS_SIZE), Duration.ofSeconds(4));

  @Test
  void probe_sendsSoaQueryForTheZoneOverDotWithoutRd() {
    prober.probe(SERVER, ZONE, "ns1.example.com");

    ManualUpstream.Sent sent = upstream.last();
    assertThat(sent.request().server()).isEqualTo(SERVER);
    assertThat(sent.request().transport()).isEqualTo(Transport.DOT);
    assertThat(sent.request().timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(sent.request().tlsServerName()).isEqualTo("ns1.example.com");
    Message q = sent.request().query();
    assertThat(q.getQuestion().getName()).isEqualTo(ZONE);
    assertThat(q.getQuestion().getType()).isEqualTo(Type.SOA);
    assertThat(q.getQuestion().getDClass()).isEqualTo(DClass.IN);
    assertThat(q.getHeader().getFlag(Flags.RD)).isFalse();
    assertThat(q.getOPT()).as("an OPT record, which the DoT client pads").isNotNull();
    assertThat(q.getOPT().getPayloadSize()).as("the resolver's EDNS size").isEqualTo(EDNS_SIZE);
  }

  @Test
  void soaQuery_usesVaryingIds() {
    long distinct =
        java.util.stream.IntStream.range(0, 20)
            .map(i -> prober.soaQuery(ZONE).getHeader().getID())
            .distinct()
            .count();

    assertThat(distinct).isGreaterThan(1);
  }

  @Test
  void probe_noErrorReplyOnANewConnection_succeedsWithTheConnectionSetupAsHandshakeTime() {
    CompletableFuture<ProbeResult> result = prober.probe(SERVER, ZONE, null);

    upstream.last().answer(Rcode.NOERROR, Duration.ofMillis(42), Duration.ofMillis(30));

    assertThat(result).isCompletedWithValueMatching(r -> r.succeeded() && r.handshake().toMillis() == 30);
  }

  @Test
  void probe_noErrorReplyOnAnOpenConnection_succeedsWithTheReplyRttAsHandshakeTime() {
    CompletableFuture<ProbeResult> result = prober.probe(SERVER, ZONE, null);

    upstream.last().answerNoError(Duration.ofMillis(42));

    assertThat(result).isCompletedWithValueMatching(r -> r.succeeded() && r.handshake().toMillis() == 42);
  }

  @Test
  void probe_servfailReply_isBadDnsAnswer() {
    CompletableFuture<ProbeResult> result = prober.probe(SERVER, ZONE, null);

    upstream.last().answer(Rcode.SERVFAIL, Duration.ofMillis(5));

    ProbeResult r = result.join();
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.BAD_DNS_ANSWER);
    assertThat(r.detail()).contains("SERVFAIL");
  }

  @Test
  void probe_replyOverAnotherTransport_isBadDnsAnswer() {
    CompletableFuture<ProbeResult> result = prober.probe(SERVER, ZONE, null);
    ManualUpstream.Sent sent = upstream.last();

    sent.reply().complete(new UpstreamReply(new Message(), Transport.DO53_UDP, Duration.ofMillis(1), false));

    assertThat(result.join().outcome()).isEqualTo(ProbeOutcome.BAD_DNS_ANSWER);
  }

  @Test
  void probe_failureNotHeldAgainstTheServer_isNotSent() {
    CompletableFuture<ProbeResult> result = prober.probe(SERVER, ZONE, null);

    upstream.last().reply().completeExceptionally(
        new UpstreamException(UpstreamException.Kind.IO, "too many DoT connections (1), none idle", false));

    assertThat(result.join().outcome()).isEqualTo(ProbeOutcome.NOT_SENT);
    assertThat(result.join().detail()).contains("too many DoT connections");
  }

  @Test
  void probe_transportFailures_mapToOutcomes() {
    assertThat(failWith(UpstreamException.Kind.TLS_HANDSHAKE)).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
    assertThat(failWith(UpstreamException.Kind.TIMEOUT)).isEqualTo(ProbeOutcome.TIMEOUT);
    assertThat(failWith(UpstreamException.Kind.CONNECTION_REFUSED)).isEqualTo(ProbeOutcome.CONNECTION_REFUSED);
    assertThat(failWith(UpstreamException.Kind.CLOSED)).isEqualTo(ProbeOutcome.CONNECTION_CLOSED);
    assertThat(failWith(UpstreamException.Kind.MALFORMED)).isEqualTo(ProbeOutcome.BAD_DNS_ANSWER);
    assertThat(failWith(UpstreamException.Kind.IO)).isEqualTo(ProbeOutcome.IO_ERROR);
    assertThat(failWith(UpstreamException.Kind.NOT_SENT)).isEqualTo(ProbeOutcome.NOT_SENT);
  }

  @Test
  void probe_upstreamThrowing_isAnIoErrorNotAnException() {
    DotProber throwing =
        new DotProber(
            new ManualUpstream() {
              @Override
              public CompletableFuture<UpstreamReply> send(adot.core.transport.UpstreamRequest request) {
                throw new IllegalStateException("closed");
              }
            },
            new QueryFactory(EDNS_SIZE),
            Duration.ofSeconds(1));

    assertThat(throwing.probe(SERVER, ZONE, null).join().outcome()).isEqualTo(ProbeOutcome.IO_ERROR);
  }

  private ProbeOutcome failWith(UpstreamException.Kind kind) {
    CompletableFuture<ProbeResult> result = prober.probe(SERVER, ZONE, null);
    upstream.last().reply().completeExceptionally(new UpstreamException(kind, "test"));
    return result.join().outcome();
  }
}
