package adot.server;

import static org.assertj.core.api.Assertions.assertThat;

import adot.probe.DotStatus;
import adot.probe.ProbeOutcome;
import adot.testkit.AuthServer;
import adot.testkit.DotConnectionInfo;
import adot.testkit.Fault;
import adot.testkit.QueryLogEntry;
import adot.testkit.QueryTransport;
import adot.testkit.Universe;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Opportunistic DoT end to end, the probes: the daemon against universes with DoT-capable, plain-only, black-holed and
 * broken servers (the universe's logs show what travelled how), the probe bound, probing off, and the state file.
 */
class OpportunisticDotTest extends OpportunisticDotFixture {
  @Test
  void dotCapableServer_becomesGoodAndIsThenQueriedOverOneReusedDotConnection() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("");
    AuthServer dot1 = universe.server("ns1.dot1.test");

    visitTwiceAndAwait(d, dot1, "dot1.test", DotStatus.GOOD);
    List<QueryLogEntry> probes = dot1.queries().stream()
        .filter(q -> q.transport() == QueryTransport.DOT && q.qtype() == Type.SOA).toList();
    assertThat(probes).as("the probe: one SOA query over DoT, RD clear, with EDNS (so padded)").singleElement()
        .satisfies(q -> {
          assertThat(q.rd()).isFalse();
          assertThat(q.edns()).isTrue();
        });
    long probeConnection = probes.get(0).connectionId();

    dot1.clearLog();
    for (String n : List.of("c.dot1.test.", "d.dot1.test.", "e.dot1.test.")) {
      assertThat(ask(d, n).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
    List<QueryLogEntry> after = clientQueries(dot1);
    assertThat(after).hasSize(3).allSatisfy(q -> assertThat(q.transport()).isEqualTo(QueryTransport.DOT));
    assertThat(after).as("all on the probe's connection, kept in the pool")
        .allSatisfy(q -> assertThat(q.connectionId()).isEqualTo(probeConnection));
    assertThat(universe.server("ns1.dot1.test").dotConnections()).allSatisfy(c ->
        assertThat(c.alpn()).isEqualTo("dot"));
  }

  @Test
  void plainOnlyServer_becomesBadAndKeepsGettingDo53() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("");
    AuthServer plain = universe.server("ns1.plain.test");

    visitTwiceAndAwait(d, plain, "plain.test", DotStatus.BAD);

    plain.clearLog();
    ask(d, "c.plain.test.");
    assertThat(plain.queries()).isNotEmpty().allSatisfy(q -> assertThat(q.transport()).isEqualTo(QueryTransport.UDP));
  }

  @Test
  void brokenTlsServer_probeFailsTheHandshakeAndTheServerKeepsGettingDo53() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("");
    AuthServer broken = universe.server("ns1.dot1.test");
    broken.setFault(Fault.DOT_BROKEN_TLS);

    visitTwiceAndAwait(d, broken, "dot1.test", DotStatus.BAD);

    assertThat(d.probes().table().get(broken.address()).outcome()).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
    assertThat(broken.dotConnections()).isNotEmpty().allSatisfy(c -> assertThat(c.handshakeCompleted()).isNull());
    broken.clearLog();
    assertThat(ask(d, "c.dot1.test.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(clientQueries(broken)).isNotEmpty()
        .allSatisfy(q -> assertThat(q.transport()).isEqualTo(QueryTransport.UDP));
  }

  @Test
  void blackHoledServer_probeTimesOutWhileClientsAreAnsweredInNormalTime() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("");
    AuthServer hole = universe.server("ns1.blackhole.test");
    assertThat(hole.faults()).contains(Fault.DOT_BLACK_HOLE);

    ask(d, "a.blackhole.test.");
    ask(d, "b.blackhole.test.");
    await(() -> status(d, hole.address()) == DotStatus.BUSY, "the probe to start");
    for (String n : List.of("c.blackhole.test.", "d.blackhole.test.", "e.blackhole.test.")) {
      long start = System.nanoTime();
      assertThat(ask(d, n).getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat((System.nanoTime() - start) / 1_000_000).as("a client never waits for a probe")
          .isLessThan(400); // below the network timeout: no DoT attempt was in the way
    }
    await(() -> status(d, hole.address()) == DotStatus.BAD, "the probe to time out");
    assertThat(d.probes().table().get(hole.address()).outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
    assertThat(hole.dotConnections()).isNotEmpty().allSatisfy(c -> assertThat(c.handshakeCompleted()).isNull());
    // The probe's socket goes with its 1 s timeout, not after the DoT client's 3 s for the handshake.
    await(() -> hole.dotConnections().stream().noneMatch(DotConnectionInfo::open), "the probe's connection to close",
        Duration.ofMillis(1500));
  }

  @Test
  void maxBusyDotProbes_boundsProbesRunningAtOnce() throws Exception {
    universe = Universe.builder().defaultZones().dotZones(20).start();
    for (int i = 1; i <= 20; i++) {
      universe.server("ns1.dot-zone-" + i + ".test").setDelay(Duration.ofMillis(300));
    }
    Daemon d = start("outgoing.max-busy-dot-probes = 3");

    // two visits to each of the 20 servers, all at once, so that 20 probes would start together if unbounded
    var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
    try {
      for (int round = 0; round < 2; round++) {
        List<java.util.concurrent.Future<Message>> answers = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
          String name = "q" + round + ".dot-zone-" + i + ".test.";
          answers.add(pool.submit(() -> ask(d, name)));
        }
        for (var a : answers) {
          a.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    await(() -> {
      for (int i = 1; i <= 20; i++) {
        if (status(d, universe.addressOf("ns1.dot-zone-" + i + ".test")) == DotStatus.BUSY) {
          return false;
        }
      }
      return d.probes().table().busyCount() == 0;
    }, "probes to drain");

    // a probe lasts from its connection's accept to its SOA reply (sent 300 ms after the query arrived)
    List<Instant[]> probes = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      AuthServer s = universe.server("ns1.dot-zone-" + i + ".test");
      for (QueryLogEntry q : s.queries()) {
        if (q.transport() == QueryTransport.DOT && q.qtype() == Type.SOA) {
          Instant accepted = s.dotConnections().stream().filter(c -> c.id() == q.connectionId())
              .map(DotConnectionInfo::accepted).findFirst().orElseThrow();
          probes.add(new Instant[] {accepted, q.time().plusMillis(300)});
        }
      }
    }
    assertThat(probes.size()).as("probes run").isGreaterThanOrEqualTo(3);
    assertThat(maxOverlap(probes)).as("probes running at once").isBetween(1, 3);
  }

  private static int maxOverlap(List<Instant[]> intervals) {
    int max = 0;
    for (Instant[] a : intervals) {
      int n = 0;
      for (Instant[] b : intervals) {
        if (!b[0].isAfter(a[0]) && b[1].isAfter(a[0])) {
          n++;
        }
      }
      max = Math.max(max, n);
    }
    return max;
  }

  @Test
  void probingOff_sendsNothingToTheDotPort() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("outgoing.max-busy-dot-probes = 0");
    for (String n : List.of("a.dot1.test.", "b.dot1.test.", "c.dot1.test.", "a.dot2.test.", "b.dot2.test.")) {
      ask(d, n);
    }
    Thread.sleep(300); // a probe, had one been started, would have connected by now
    assertThat(universe.dotConnections()).isEmpty();
    assertThat(universe.queries()).noneMatch(q -> q.transport() == QueryTransport.DOT);
  }

  @Test
  void restart_keepsGoodRowsGoodAndUsesDotAtOnce() throws Exception {
    universe = Universe.startDefault();
    Daemon first = start("");
    AuthServer dot1 = universe.server("ns1.dot1.test");
    visitTwiceAndAwait(first, dot1, "dot1.test", DotStatus.GOOD);
    first.stop();
    assertThat(Files.readString(dir.resolve("probe-state.txt"))).contains(dot1.address().getHostAddress());

    universe.clearLogs();
    Daemon second = start("");
    assertThat(status(second, dot1.address())).isEqualTo(DotStatus.GOOD);
    ask(second, "c.dot1.test.");

    assertThat(dot1.queries()).as("no probe, DoT at once").noneMatch(q -> q.qtype() == Type.SOA)
        .filteredOn(q -> q.qname().equals(Name.fromConstantString("c.dot1.test.")))
        .singleElement().satisfies(q -> assertThat(q.transport()).isEqualTo(QueryTransport.DOT));
  }

  @Test
  void corruptStateFile_isSetAsideAndTheDaemonStarts() throws Exception {
    universe = Universe.startDefault();
    Files.writeString(dir.resolve("probe-state.txt"), "\u0000garbage that is not a probe table\n{{{\n");
    Daemon d = start("");

    assertThat(ask(d, "www.example.com.").getRcode()).isEqualTo(Rcode.NOERROR);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("probe-state.txt.corrupt"));
    }
  }
}
