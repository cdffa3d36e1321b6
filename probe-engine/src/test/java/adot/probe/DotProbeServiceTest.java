package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.iter.QueryFactory;
import adot.core.time.FakeTimeSource;
import adot.core.transport.TransportAdvisor.Choice;
import adot.testkit.Poll;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class DotProbeServiceTest {
  static final Name ZONE = Name.fromConstantString("example.com.");
  static final java.net.InetAddress A = IpAddresses.parse("192.0.2.1");

  @TempDir Path dir;
  final FakeTimeSource clock = new FakeTimeSource();
  final ManualUpstream upstream = new ManualUpstream();

  DotProbeService service(ProbeOptions options) {
    return new DotProbeService(options, upstream, new QueryFactory(1232), clock, new SimpleMeterRegistry());
  }

  ProbeOptions withStateFile() {
    return ProbeOptions.builder().stateFile(dir.resolve("dot.state")).build();
  }

  static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    Poll.until(condition, what, Duration.ofSeconds(5));
  }

  @Test
  void close_savesTheTableAndStart_loadsItBack() {
    DotProbeService first = service(withStateFile());
    first.start();
    first.advisor().visited(A, ZONE, null);
    first.advisor().visited(A, ZONE, null);
    upstream.last().answerNoError(Duration.ofMillis(12));
    assertThat(first.advisor().transportFor(A, ZONE, null)).isEqualTo(Choice.DOT);
    first.close();

    DotProbeService second = service(withStateFile());
    second.start();

    assertThat(second.advisor().transportFor(A, ZONE, null)).isEqualTo(Choice.DOT);
    assertThat(second.table().get(A).handshakeMillis()).isEqualTo(12);
    second.close();
  }

  @Test
  void restart_withAProbeInFlight_probesAgainOnTheNextVisit() {
    DotProbeService first = service(withStateFile());
    first.start();
    first.advisor().visited(A, ZONE, null);
    first.advisor().visited(A, ZONE, null); // Busy; the upstream never answers
    first.close();

    DotProbeService second = service(withStateFile());
    second.start();
    assertThat(second.table().get(A).status()).isEqualTo(DotStatus.UNKNOWN);
    second.advisor().visited(A, ZONE, null);

    assertThat(upstream.sent).hasSize(2);
    assertThat(second.table().get(A).status()).isEqualTo(DotStatus.BUSY);
    second.close();
  }

  @Test
  void close_stopsProbing() {
    DotProbeService service = service(ProbeOptions.defaults());
    service.start();
    service.advisor().visited(A, ZONE, null);
    service.close();

    service.advisor().visited(A, ZONE, null);

    assertThat(upstream.sent).isEmpty();
    assertThat(service.table().get(A)).as("no probe requested: the visit just counts")
        .satisfies(row -> {
          assertThat(row.status()).isEqualTo(DotStatus.UNKNOWN);
          assertThat(row.count()).isEqualTo(2);
        });
  }

  @Test
  void close_isIdempotentAndWithoutStartWritesNothing() throws Exception {
    DotProbeService service = service(withStateFile());
    service.close();
    service.close();

    assertThat(Files.exists(dir.resolve("dot.state"))).isFalse();
  }

  @Test
  void timers_pruneAndSavePeriodically() throws Exception {
    DotProbeService service =
        service(
            withStateFile().toBuilder()
                .pruneInterval(Duration.ofMillis(20))
                .saveInterval(Duration.ofMillis(20))
                .build());
    service.start();
    service.advisor().visited(A, ZONE, null);

    waitFor("the periodic save", () -> Files.exists(dir.resolve("dot.state")));
    clock.advance(Duration.ofDays(1));
    waitFor("the periodic prune", () -> service.table().size() == 0);
    service.close();
  }

  @Test
  void start_stateFileWhereNoDirectoryCanBe_warnsAtOnceAndStillStarts() throws Exception {
    Path blocker = Files.writeString(dir.resolve("not-a-directory"), "");
    DotProbeService service = service(ProbeOptions.builder().stateFile(blocker.resolve("dot.state")).build());

    try (LogCapture logs = new LogCapture(DotProbeService.class)) {
      service.start();

      assertThat(logs.messages(ch.qos.logback.classic.Level.WARN)).singleElement()
          .satisfies(m -> assertThat(m).contains("probe-state-unwritable").contains("not-a-directory"));
    }
    service.advisor().visited(A, ZONE, null);
    assertThat(service.table().size()).isEqualTo(1);
    service.close();
  }

  @Test
  void dumpText_showsTheTable() {
    DotProbeService service = service(ProbeOptions.defaults());
    service.start();
    service.advisor().visited(A, ZONE, null);

    String dump = service.dumpText(ZoneId.of("UTC"));

    assertThat(dump)
        .startsWith("; DoT probing map follows\n")
        .endsWith("192.0.2.1\texample.com.\t1\tUnknown\t2026-01-02T00:00:00\tnone\t-\n");
    assertThat(service.dumpJson(ZoneId.of("UTC"))).contains("\"ip\":\"192.0.2.1\"");
    service.close();
  }
}
