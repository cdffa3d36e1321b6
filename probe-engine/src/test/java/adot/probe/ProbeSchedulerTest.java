package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.iter.QueryFactory;
import adot.core.time.FakeTimeSource;
import adot.core.transport.UpstreamException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ProbeSchedulerTest {
  static final Name ZONE = Name.fromConstantString("example.com.");
  static final InetAddress A = IpAddresses.parse("192.0.2.1");
  static final InetAddress B = IpAddresses.parse("192.0.2.2");
  static final InetAddress C = IpAddresses.parse("192.0.2.3");

  final FakeTimeSource clock = new FakeTimeSource();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ManualUpstream upstream = new ManualUpstream();
  DotProbeTable table;
  ProbeScheduler scheduler;

  void setUp(ProbeOptions options) {
    ProbeMetrics metrics = new ProbeMetrics(registry);
    table = new DotProbeTable(options, clock, metrics);
    scheduler =
        new ProbeScheduler(
            table, new DotProber(upstream, new QueryFactory(1232), options.timeout()), options.timeout(), metrics);
  }

  /** Visits until the table asks for a probe, then launches it as the advisor does. */
  CompletableFuture<ProbeResult> visitUntilProbe(InetAddress ip) {
    table.visit(ip, ZONE);
    DotProbeTable.Visit v = table.visit(ip, ZONE);
    assertThat(v.probeNow()).isTrue();
    return scheduler.launch(v.row(), null);
  }

  double counter(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void launch_returnsAtOnceAndSuccessMakesTheRowGood() {
    setUp(ProbeOptions.defaults());

    CompletableFuture<ProbeResult> done = visitUntilProbe(A);

    assertThat(done).isNotDone();
    assertThat(upstream.sent).hasSize(1);
    assertThat(table.get(A).status()).isEqualTo(DotStatus.BUSY);
    assertThat(scheduler.inFlight()).isEqualTo(1);

    upstream.last().answerNoError(Duration.ofMillis(20));

    assertThat(done).isCompleted();
    assertThat(table.get(A).status()).isEqualTo(DotStatus.GOOD);
    assertThat(table.get(A).handshakeMillis()).isEqualTo(20);
    assertThat(scheduler.inFlight()).isZero();
    assertThat(counter("adot.dot.probes.started")).isEqualTo(1);
    assertThat(counter("adot.dot.probes.succeeded")).isEqualTo(1);
  }

  @Test
  void launch_logsOnlyTheStatusChangesAtInfo() {
    setUp(ProbeOptions.defaults());
    try (LogCapture logs = new LogCapture("adot.probe")) {
      visitUntilProbe(A);
      upstream.last().answerNoError(Duration.ofMillis(20));
      visitUntilProbe(B);
      upstream.last().reply().completeExceptionally(new UpstreamException(UpstreamException.Kind.TLS_HANDSHAKE, "x"));

      assertThat(logs.atInfoOrAbove())
          .as("every probe-engine logger: one line per change to Good or Bad, none per probe started or finished")
          .hasSize(2)
          .allSatisfy(line -> assertThat(line).startsWith("INFO event=dot-status"));
    }
  }

  @Test
  void launch_failureMakesTheRowBadAndIsCounted() {
    setUp(ProbeOptions.defaults());
    CompletableFuture<ProbeResult> done = visitUntilProbe(A);

    upstream.last().reply().completeExceptionally(new UpstreamException(UpstreamException.Kind.TLS_HANDSHAKE, "x"));

    assertThat(done.join().outcome()).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
    assertThat(table.get(A).status()).isEqualTo(DotStatus.BAD);
    assertThat(registry.get("adot.dot.probes.failed").tag("outcome", "handshake-failed").counter().count())
        .isEqualTo(1);
  }

  @Test
  void launch_hungTransport_timesOutByItselfAndFreesTheSlot() throws Exception {
    setUp(ProbeOptions.builder().maxBusyDotProbes(1).timeout(Duration.ofMillis(50)).build());

    CompletableFuture<ProbeResult> done = visitUntilProbe(A); // the upstream never answers

    ProbeResult result = done.get(5, TimeUnit.SECONDS);
    assertThat(result.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
    assertThat(table.get(A).status()).isEqualTo(DotStatus.BAD);
    assertThat(table.busyCount()).isZero();
    assertThat(upstream.sent.get(0).reply()).as("the transport's own future is not completed by us").isNotDone();
    assertThat(counter("adot.dot.probes.timedout")).isEqualTo(1);
    assertThat(visitUntilProbe(B)).as("the slot is free again").isNotNull();
  }

  @Test
  void launch_transportTimesOutNotHoldingItAgainstTheServer_itsVerdictDecidesNotOurBackstop() throws Exception {
    setUp(ProbeOptions.builder().maxBusyDotProbes(1).timeout(Duration.ofSeconds(1)).build());
    CompletableFuture<ProbeResult> done = visitUntilProbe(A);

    // The transport's own timer runs at the probe timeout too, and a little late: a quiet pooled connection.
    CompletableFuture.runAsync(
        () -> upstream.last().reply().completeExceptionally(
            new UpstreamException(UpstreamException.Kind.TIMEOUT, "quiet pooled connection", false, false)),
        CompletableFuture.delayedExecutor(1100, TimeUnit.MILLISECONDS));

    assertThat(done.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(ProbeOutcome.NOT_SENT);
    assertThat(table.get(A).status()).isEqualTo(DotStatus.UNKNOWN);
  }

  @Test
  void launch_neverMoreProbesInFlightThanTheBound() {
    setUp(ProbeOptions.builder().maxBusyDotProbes(2).build());
    visitUntilProbe(A);
    visitUntilProbe(B);

    table.visit(C, ZONE);
    DotProbeTable.Visit full = table.visit(C, ZONE);

    assertThat(full.probeNow()).isFalse();
    assertThat(upstream.sent).hasSize(2);

    upstream.sent.get(0).answerNoError(Duration.ofMillis(1));
    DotProbeTable.Visit freed = table.visit(C, ZONE);

    assertThat(freed.probeNow()).isTrue();
    scheduler.launch(freed.row(), null);
    assertThat(upstream.sent).hasSize(3);
    assertThat(upstream.last().request().server()).isEqualTo(C);
  }

  @Test
  void launch_afterClose_sendsNothingAndPutsTheRowBackToUnknown() {
    setUp(ProbeOptions.defaults());
    table.visit(A, ZONE);
    DotProbeTable.Visit v = table.visit(A, ZONE);
    scheduler.close();

    ProbeResult result = scheduler.launch(v.row(), null).join();

    assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_SENT);
    assertThat(upstream.sent).isEmpty();
    assertThat(table.get(A).status()).isEqualTo(DotStatus.UNKNOWN);
    assertThat(table.busyCount()).isZero();
  }
}
