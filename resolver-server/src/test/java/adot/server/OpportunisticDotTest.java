package adot.server;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.TimeSource;
import adot.probe.DotProbeEntry;
import adot.probe.DotStatus;
import adot.probe.ProbeOutcome;
import adot.testkit.AuthServer;
import adot.testkit.DotConnectionInfo;
import adot.testkit.Fault;
import adot.testkit.QueryLogEntry;
import adot.testkit.QueryTransport;
import adot.testkit.Universe;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Opportunistic DoT end to end: the daemon against universes with DoT-capable, plain-only, black-holed and broken
 * servers; the universe's logs show what travelled how.
 */
class OpportunisticDotTest {
  @TempDir Path dir;
  Universe universe;
  final List<Daemon> daemons = new ArrayList<>();

  @AfterEach
  void tearDown() {
    daemons.forEach(Daemon::stop);
    if (universe != null) {
      universe.close();
    }
  }

  private Daemon start(String extra) throws Exception {
    Daemon d = Daemon.start(TestDaemons.load(TestDaemons.config(universe, dir, """
        outgoing.dot-probe.timeout = 1s
        outgoing.dot-probe.state-file = "%s"
        %s
        """.formatted(dir.resolve("probe-state.txt"), extra))), TimeSource.system());
    daemons.add(d);
    return d;
  }

  private static Message ask(Daemon d, String name) throws Exception {
    SimpleResolver r = new SimpleResolver(d.udpAddresses().get(0));
    r.setTimeout(Duration.ofSeconds(5));
    return r.send(Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN)));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, what, Duration.ofSeconds(15));
  }

  private static void await(BooleanSupplier condition, String what, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Asks two new names in {@code zone}, so its server is visited twice (the default visits-before-probe), then waits
   * until the probe has made the server's row {@code expected}.
   */
  private static void visitTwiceAndAwait(Daemon d, AuthServer server, String zone, DotStatus expected)
      throws Exception {
    ask(d, "a." + zone + ".");
    ask(d, "b." + zone + ".");
    await(() -> status(d, server.address()) == expected, server.name() + " to become " + expected);
  }

  private static DotStatus status(Daemon d, InetAddress ip) {
    DotProbeEntry e = d.probes().table().get(ip);
    return e == null ? null : e.status();
  }

  private List<QueryLogEntry> clientQueries(AuthServer server) {
    return server.queries().stream().filter(q -> q.qtype() != Type.SOA).toList();
  }

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
  void goodServerThatStopsServingDot_nextQuestionAnsweredOverDo53AndRowTurnsBad() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("");
    AuthServer dot2 = universe.server("ns1.dot2.test");
    visitTwiceAndAwait(d, dot2, "dot2.test", DotStatus.GOOD);

    dot2.setFault(Fault.DOT_BROKEN_DNS);
    Message m = ask(d, "www.dot2.test.");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(status(d, dot2.address())).isEqualTo(DotStatus.BAD);
    assertThat(d.registry().get("adot.dot.fallbacks").counter().count()).isGreaterThanOrEqualTo(1);
    assertThat(dot2.queries()).anyMatch(q -> q.transport() == QueryTransport.UDP
        && q.qname().equals(Name.fromConstantString("www.dot2.test.")));
  }

  /** Makes dot2.test's server Good with a short DoT idle timeout, then waits until its pooled connection is closed. */
  private Daemon goodWithoutPooledConnection(AuthServer dot2) throws Exception {
    return goodWithoutPooledConnection(dot2, "");
  }

  private Daemon goodWithoutPooledConnection(AuthServer dot2, String extra) throws Exception {
    Daemon d = start("outgoing.dot.idle-timeout = 300ms\n" + extra);
    visitTwiceAndAwait(d, dot2, "dot2.test", DotStatus.GOOD);
    await(() -> dot2.dotConnections().stream().allMatch(c -> c.closed() != null), "the idle DoT connection closed");
    return d;
  }

  @Test
  void goodServerWhoseDotPortGoesSilent_questionAnsweredOverDo53AndRowTurnsBad() throws Exception {
    universe = Universe.startDefault();
    AuthServer dot2 = universe.server("ns1.dot2.test");
    Daemon d = goodWithoutPooledConnection(dot2);

    dot2.setFault(Fault.DOT_BLACK_HOLE); // new DoT connections: the handshake is never answered
    Message m = ask(d, "www.dot2.test.");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(status(d, dot2.address())).as("Do53 answered what DoT did not").isEqualTo(DotStatus.BAD);
  }

  @Test
  void distantGoodServer_firstQuestionOnANewConnectionIsAnsweredOverDotAndTheRowStaysGood() throws Exception {
    universe = Universe.startDefault();
    AuthServer dot2 = universe.server("ns1.dot2.test");
    Daemon d = goodWithoutPooledConnection(dot2, "outgoing.network-timeout = 1s");

    // Far away: a new connection's TCP and TLS round trips take 500 ms, then each reply 700 ms. Together more than the
    // network timeout, each within it.
    dot2.setHandshakeDelay(Duration.ofMillis(500));
    dot2.setDelay(Duration.ofMillis(700));
    dot2.clearLog();
    Message m = ask(d, "www.dot2.test.");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(clientQueries(dot2)).as("answered over DoT, not resent over Do53").singleElement()
        .satisfies(q -> assertThat(q.transport()).isEqualTo(QueryTransport.DOT));
    assertThat(status(d, dot2.address())).isEqualTo(DotStatus.GOOD);
    assertThat(d.registry().get("adot.dot.fallbacks").counter().count()).isZero();
    // 0.7 × the earlier loopback RTTs (about 1 ms) + 0.3 × this reply's: under 300 ms only without the set-up
    assertThat(d.resolver().serverStats().smoothedRttMicros(dot2.address()))
        .as("the server's RTT does not count the connection set-up").isLessThan(300_000);
  }

  @Test
  void goodServerSilentOnEveryTransport_staysGoodAndGetsDotWhenBack() throws Exception {
    universe = Universe.startDefault();
    AuthServer dot2 = universe.server("ns1.dot2.test");
    Daemon d = goodWithoutPooledConnection(dot2);

    dot2.setFault(Fault.SILENT); // down altogether: neither its DoT handshake nor Do53 is answered
    ask(d, "www.dot2.test.");

    assertThat(status(d, dot2.address())).as("a server that is down is no DoT failure").isEqualTo(DotStatus.GOOD);
    dot2.clearFault();
    dot2.clearLog();
    assertThat(ask(d, "c.dot2.test.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(clientQueries(dot2)).singleElement()
        .satisfies(q -> assertThat(q.transport()).isEqualTo(QueryTransport.DOT));
  }

  @Test
  void dotToAuthNames_forcesDotWithoutProbing() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("outgoing.dot-to-auth-names = [\"dot2.test\"]\noutgoing.max-busy-dot-probes = 0");
    AuthServer dot2 = universe.server("ns1.dot2.test");

    assertThat(ask(d, "www.dot2.test.").getRcode()).isEqualTo(Rcode.NOERROR);

    assertThat(dot2.queries()).isNotEmpty().allSatisfy(q -> {
      assertThat(q.transport()).isEqualTo(QueryTransport.DOT);
      assertThat(q.qtype()).isNotEqualTo(Type.SOA);
    });
    assertThat(universe.server("ns1.dot1.test").queries()).isEmpty();
  }

  @Test
  void dotToAuthNames_serverWhoseDotFails_isNeverAskedInCleartext() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("outgoing.dot-to-auth-names = [\"dot2.test\"]\noutgoing.max-busy-dot-probes = 0");
    AuthServer dot2 = universe.server("ns1.dot2.test");
    dot2.setFault(Fault.DOT_BROKEN_DNS);

    Message m = ask(d, "www.dot2.test.");

    assertThat(m.getRcode()).as("its only server failed").isEqualTo(Rcode.SERVFAIL);
    assertThat(dot2.queries()).isNotEmpty()
        .allSatisfy(q -> assertThat(q.transport()).isEqualTo(QueryTransport.DOT));
    assertThat(d.registry().get("adot.dot.fallbacks").counter().count()).isZero();
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
