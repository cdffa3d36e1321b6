package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.iter.QueryFactory;
import adot.core.time.FakeTimeSource;
import adot.core.transport.TransportAdvisor.Choice;
import adot.core.transport.UpstreamException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ProbeTableAdvisorTest {
  static final Name ZONE = Name.fromConstantString("example.com.");
  static final Name NS = Name.fromConstantString("ns1.example.com.");
  static final InetAddress A = IpAddresses.parse("192.0.2.1");

  final FakeTimeSource clock = new FakeTimeSource();
  final ManualUpstream upstream = new ManualUpstream();
  DotProbeTable table;
  ProbeTableAdvisor advisor;

  void setUp(ProbeOptions options) {
    ProbeMetrics metrics = new ProbeMetrics(new SimpleMeterRegistry());
    table = new DotProbeTable(options, clock, metrics);
    ProbeScheduler scheduler =
        new ProbeScheduler(
            table, new DotProber(upstream, new QueryFactory(1232), options.timeout()), options.timeout(), metrics);
    advisor = new ProbeTableAdvisor(table, scheduler);
  }

  void probeSucceeds(InetAddress ip) {
    advisor.visited(ip, ZONE, null);
    advisor.visited(ip, ZONE, null);
    upstream.last().answerNoError(Duration.ofMillis(10));
  }

  @Test
  void transportFor_unknownServer_isDo53() {
    setUp(ProbeOptions.defaults());

    assertThat(advisor.transportFor(A, ZONE, NS)).isEqualTo(Choice.DO53);
  }

  @Test
  void visited_twice_startsOneProbeWithoutWaiting() {
    setUp(ProbeOptions.defaults());

    advisor.visited(A, ZONE, null);
    assertThat(upstream.sent).isEmpty();
    advisor.visited(A, ZONE, null);
    advisor.visited(A, ZONE, null);

    assertThat(upstream.sent).hasSize(1);
    assertThat(upstream.last().request().query().getQuestion().getName()).isEqualTo(ZONE);
    assertThat(advisor.transportFor(A, ZONE, NS)).as("Busy is still Do53").isEqualTo(Choice.DO53);
  }

  @Test
  void transportFor_afterSuccessfulProbe_isDotUntilPersistenceEnds() {
    setUp(ProbeOptions.defaults());
    probeSucceeds(A);

    assertThat(advisor.transportFor(A, ZONE, null)).isEqualTo(Choice.DOT);
    clock.advance(Duration.ofDays(3));
    assertThat(advisor.transportFor(A, ZONE, null)).isEqualTo(Choice.DO53);
  }

  @Test
  void dotSucceeded_keepsDotBeyondTheFirstPersistence() {
    setUp(ProbeOptions.defaults());
    probeSucceeds(A);
    clock.advance(Duration.ofDays(2));

    advisor.dotSucceeded(A);
    clock.advance(Duration.ofDays(2));

    assertThat(advisor.transportFor(A, ZONE, null)).isEqualTo(Choice.DOT);
  }

  @Test
  void visited_withNsName_probeSendsItAsSni() {
    setUp(ProbeOptions.defaults());

    advisor.visited(A, ZONE, NS);
    advisor.visited(A, ZONE, Name.fromConstantString("NS1.Example.COM."));

    assertThat(upstream.last().request().tlsServerName()).isEqualTo("NS1.Example.COM");
  }

  @Test
  void visited_withoutNsName_probeSendsNoSni() {
    setUp(ProbeOptions.defaults());

    advisor.visited(A, ZONE, null);
    advisor.visited(A, ZONE, null);

    assertThat(upstream.last().request().tlsServerName()).isNull();
  }

  @Test
  void dotFailed_onGoodServer_fallsBackToDo53ForDamping() {
    setUp(ProbeOptions.defaults());
    probeSucceeds(A);

    advisor.dotFailed(A, ZONE, new UpstreamException(UpstreamException.Kind.TIMEOUT, "no reply", true));

    assertThat(advisor.transportFor(A, ZONE, null)).isEqualTo(Choice.DO53);
    assertThat(table.get(A).status()).isEqualTo(DotStatus.BAD);
    assertThat(table.get(A).outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
  }

  @Test
  void dotFailed_onPooledConnection_leavesTheRowGood() {
    setUp(ProbeOptions.defaults());
    probeSucceeds(A);

    // A timeout on a pooled connection (the transport closes it: the next query tries a new one), or the client's
    // own connection bound: neither says the server stopped serving DoT.
    advisor.dotFailed(A, ZONE, new UpstreamException(UpstreamException.Kind.TIMEOUT, "no reply", false));
    advisor.dotFailed(A, ZONE, new UpstreamException(UpstreamException.Kind.IO, "too many DoT connections", false));

    assertThat(table.get(A).status()).isEqualTo(DotStatus.GOOD);
    assertThat(advisor.transportFor(A, ZONE, null)).isEqualTo(Choice.DOT);
  }

  @Test
  void dotFailed_onPooledConnectionTheServerIgnoredTheQuery_counts() {
    setUp(ProbeOptions.defaults());
    probeSucceeds(A);

    advisor.dotFailed(A, ZONE, new UpstreamException(UpstreamException.Kind.TIMEOUT, "no reply", false, true));

    assertThat(table.get(A).status()).isEqualTo(DotStatus.BAD);
    assertThat(table.get(A).outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
  }

  @Test
  void dotFailed_notSent_leavesTheRowGood() {
    setUp(ProbeOptions.defaults());
    probeSucceeds(A);

    advisor.dotFailed(A, ZONE, new UpstreamException(UpstreamException.Kind.NOT_SENT, "DoT client closed", true));

    assertThat(table.get(A).status()).isEqualTo(DotStatus.GOOD);
  }

  @Test
  void transportFor_nsNameUnderDotToAuthNames_isAlwaysDotOnly() {
    setUp(ProbeOptions.builder().dotToAuthNames(List.of(Name.fromConstantString("example.com."))).build());

    assertThat(advisor.transportFor(A, ZONE, NS)).isEqualTo(Choice.DOT_ONLY);
    assertThat(advisor.transportFor(A, ZONE, Name.fromConstantString("NS1.EXAMPLE.COM."))).isEqualTo(Choice.DOT_ONLY);
    assertThat(advisor.transportFor(A, ZONE, Name.fromConstantString("example.com."))).isEqualTo(Choice.DOT_ONLY);
    assertThat(advisor.transportFor(A, ZONE, Name.fromConstantString("ns1.example.net."))).isEqualTo(Choice.DO53);
    assertThat(advisor.transportFor(A, ZONE, Name.fromConstantString("notexample.com."))).isEqualTo(Choice.DO53);
    assertThat(advisor.transportFor(A, ZONE, null)).isEqualTo(Choice.DO53);
  }

  @Test
  void transportFor_dotToAuthNamesWithProbingOff_isStillDotOnly() {
    setUp(
        ProbeOptions.builder()
            .maxBusyDotProbes(0)
            .dotToAuthNames(List.of(Name.fromConstantString("example.com.")))
            .build());

    assertThat(advisor.transportFor(A, ZONE, NS)).isEqualTo(Choice.DOT_ONLY);
  }

  @Test
  void probingOff_sendsNoProbeAndIgnoresGoodRows() {
    setUp(ProbeOptions.builder().maxBusyDotProbes(0).build());
    table.restore(
        List.of(
            new DotProbeEntry(
                A,
                ZONE,
                3,
                DotStatus.GOOD,
                clock.now(),
                clock.now().plus(Duration.ofDays(1)),
                ProbeOutcome.OK,
                null,
                clock.now())));

    for (int i = 0; i < 5; i++) {
      advisor.visited(IpAddresses.parse("192.0.2.9"), ZONE, null);
    }

    assertThat(upstream.sent).isEmpty();
    assertThat(advisor.transportFor(A, ZONE, NS)).isEqualTo(Choice.DO53);
    assertThat(table.get(IpAddresses.parse("192.0.2.9")).count()).isEqualTo(5);
  }
}
