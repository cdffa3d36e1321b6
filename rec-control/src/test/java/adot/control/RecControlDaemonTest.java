package adot.control;

import static org.assertj.core.api.Assertions.assertThat;

import adot.config.ConfigLoader;
import adot.core.time.TimeSource;
import adot.server.Daemon;
import adot.testkit.Poll;
import adot.testkit.QueryLogEntry;
import adot.testkit.Universe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** rec-control against a real daemon resolving from the test universe, as an operator would use it. */
class RecControlDaemonTest {
  static Universe universe;
  @TempDir Path dir;
  Daemon daemon;
  Path socket;

  @BeforeAll
  static void startUniverse() {
    universe = Universe.startDefault();
  }

  @AfterAll
  static void stopUniverse() {
    universe.close();
  }

  @BeforeEach
  void start() throws Exception {
    Path hints = Files.writeString(dir.resolve("root.hints"), universe.rootHints());
    socket = dir.resolve("control.sock");
    daemon = Daemon.start(ConfigLoader.fromString("""
        incoming.listen = ["127.0.0.1:0"]
        recursor.root-hints-file = "%s"
        recursor.threads = 1
        outgoing.do53-port = %d
        outgoing.dot-port = %d
        outgoing.dont-query = []
        outgoing.network-timeout = 400ms
        control.socket = "%s"
        metrics.listen = ""
        """.formatted(hints, universe.do53Port(), universe.dotPort(), socket)), TimeSource.system());
  }

  @AfterEach
  void stop() {
    daemon.stop();
  }

  record Result(int exit, String out, String err) {}

  private Result rec(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] full = new String[args.length + 2];
    full[0] = "--socket";
    full[1] = socket.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    int exit = RecControl.run(full, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Message ask(String name, int type) throws Exception {
    SimpleResolver r = new SimpleResolver(daemon.udpAddresses().get(0));
    r.setTimeout(Duration.ofSeconds(5));
    return r.send(Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN)));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Poll.until(condition, what, Duration.ofSeconds(10));
  }

  /** Rows of the text dump, keyed by IP: [ip, domain, count, status, ttd, ...]. */
  private Map<String, String[]> probeRows() {
    Result r = rec("dump-dot-probe-map", "-");
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    return r.out().lines().filter(l -> !l.startsWith(";")).map(l -> l.split("\t"))
        .collect(Collectors.toMap(c -> c[0], c -> c));
  }

  @Test
  void dumpDotProbeMap_listsVisitedServersWithStatusAndCount() throws Exception {
    String dotServer = universe.addressOf("ns1.dot1.test").getHostAddress();
    String plainServer = universe.addressOf("ns1.plain.test").getHostAddress();
    for (String name : List.of("www.dot1.test.", "a.dot1.test.", "www.plain.test.", "a.plain.test.")) {
      ask(name, Type.A);
    }
    await(() -> {
      Map<String, String[]> rows = probeRows();
      return rows.containsKey(dotServer) && rows.get(dotServer)[3].equals("Good")
          && rows.containsKey(plainServer) && rows.get(plainServer)[3].equals("Bad");
    }, "probes of the DoT-capable and the plain-only server to finish");

    Result text = rec("dump-dot-probe-map", "-");
    assertThat(text.out()).startsWith("; DoT probing map follows\n; ip\tdomain\tcount\tstatus\tttd");
    Map<String, String[]> rows = probeRows();
    assertThat(rows.get(dotServer)[1]).isEqualTo("dot1.test.");
    assertThat(Integer.parseInt(rows.get(plainServer)[2])).isGreaterThanOrEqualTo(2);

    Result json = rec("dump-dot-probe-map", "--json", "-");
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("entries")).anySatisfy(e -> {
      assertThat(e.get("ip").asText()).isEqualTo(dotServer);
      assertThat(e.get("status").asText()).isEqualTo("Good");
    });
  }

  @Test
  void dumpDotProbeMap_toFileRefusesToOverwriteWithoutForce() throws Exception {
    Path out = dir.resolve("map.txt");
    assertThat(rec("dump-dot-probe-map", out.toString()).exit()).isEqualTo(0);
    assertThat(Files.readString(out)).startsWith("; DoT probing map follows");
    assertThat(rec("dump-dot-probe-map", out.toString()).exit()).isEqualTo(1);
    assertThat(rec("--force", "dump-dot-probe-map", out.toString()).exit()).isEqualTo(0);
  }

  @Test
  void wipeCache_subtreeMakesTheNextQuestionGoUpstream() throws Exception {
    ask("www.example.com.", Type.A);
    universe.clearLogs();
    ask("www.example.com.", Type.A);
    assertThat(universe.queries()).as("cached").isEmpty();

    Result wiped = rec("wipe-cache", "example.com$");
    assertThat(wiped.exit()).as(wiped.err()).isEqualTo(0);
    assertThat(wiped.out()).containsPattern("wiped [1-9][0-9]* ");

    assertThat(ask("www.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    List<QueryLogEntry> upstream = universe.server("ns1.example.com").queries();
    assertThat(upstream).extracting(q -> q.qname().toString()).contains("www.example.com.");
  }

  @Test
  void getAll_countersMoveAsQueriesAreMade() throws Exception {
    long before = counter(rec("get-all").out(), "questions-udp");
    ask("www.example.com.", Type.A);
    ask("www.example.com.", Type.A);
    Result after = rec("get-all");
    assertThat(after.exit()).isEqualTo(0);
    assertThat(counter(after.out(), "questions-udp")).isEqualTo(before + 2);
    assertThat(counter(after.out(), "packetcache-hits")).as("the repeat came from the packet cache")
        .isGreaterThanOrEqualTo(1);

    Result get = rec("get", "questions-udp", "no-such-counter");
    assertThat(get.out().lines().toList()).containsExactly(String.valueOf(before + 2), "UNKNOWN");
  }

  private static long counter(String getAll, String name) {
    return getAll.lines().map(l -> l.split("\t")).filter(c -> c[0].equals(name))
        .mapToLong(c -> Long.parseLong(c[1])).findFirst().orElseThrow(() -> new AssertionError(name + " in " + getAll));
  }

  @Test
  void pingVersionDumpsAndUnknownCommand() {
    assertThat(rec("ping").out().strip()).isEqualTo("pong");
    assertThat(rec("version").out()).isNotBlank();
    assertThat(rec("dump-nsspeeds").out()).startsWith("; nsspeed dump follows");
    assertThat(rec("dump-cache", "-").exit()).isEqualTo(0);
    Result unknown = rec("frobnicate");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown command 'frobnicate', try 'help'");
  }

  @Test
  void quitNicely_stopsTheDaemon() throws Exception {
    Result bye = rec("quit-nicely");
    assertThat(bye.exit()).isEqualTo(0);
    await(() -> !Files.exists(socket), "the control socket to be removed");
    Result after = rec("ping");
    assertThat(after.exit()).isEqualTo(2);
    assertThat(after.err()).contains(socket.toString());
  }

  @Test
  void noDaemon_exit2NamingTheSocket() {
    daemon.stop();
    Result r = rec("ping");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(socket.toString());
  }
}
