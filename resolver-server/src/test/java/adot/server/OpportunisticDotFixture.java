package adot.server;

import adot.core.time.TimeSource;
import adot.probe.DotProbeEntry;
import adot.probe.DotStatus;
import adot.testkit.AuthServer;
import adot.testkit.Poll;
import adot.testkit.QueryLogEntry;
import adot.testkit.Universe;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * What the opportunistic-DoT tests share: a daemon (or two, for a restart) against a test universe, with a probe state
 * file in a temporary directory, and helpers to ask it questions and wait for probe outcomes.
 */
abstract class OpportunisticDotFixture {
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

  Daemon start(String extra) throws Exception {
    Daemon d = Daemon.start(TestDaemons.load(TestDaemons.config(universe, dir, """
        outgoing.dot-probe.timeout = 1s
        outgoing.dot-probe.state-file = "%s"
        %s
        """.formatted(dir.resolve("probe-state.txt"), extra))), TimeSource.system());
    daemons.add(d);
    return d;
  }

  static Message ask(Daemon d, String name) throws Exception {
    SimpleResolver r = new SimpleResolver(d.udpAddresses().get(0));
    r.setTimeout(Duration.ofSeconds(5));
    return r.send(Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN)));
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, what, Duration.ofSeconds(15));
  }

  static void await(BooleanSupplier condition, String what, Duration limit) throws InterruptedException {
    Poll.until(condition, what, limit);
  }

  /**
   * Asks two new names in {@code zone}, so its server is visited twice (the default visits-before-probe), then waits
   * until the probe has made the server's row {@code expected}.
   */
  static void visitTwiceAndAwait(Daemon d, AuthServer server, String zone, DotStatus expected)
      throws Exception {
    ask(d, "a." + zone + ".");
    ask(d, "b." + zone + ".");
    await(() -> status(d, server.address()) == expected, server.name() + " to become " + expected);
  }

  static DotStatus status(Daemon d, InetAddress ip) {
    DotProbeEntry e = d.probes().table().get(ip);
    return e == null ? null : e.status();
  }

  List<QueryLogEntry> clientQueries(AuthServer server) {
    return server.queries().stream().filter(q -> q.qtype() != Type.SOA).toList();
  }
}
