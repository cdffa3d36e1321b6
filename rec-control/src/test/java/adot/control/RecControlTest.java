package adot.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import adot.server.control.CommandRegistry;
import adot.server.control.ControlOptions;
import adot.server.control.ControlServer;
import adot.server.control.DumpCacheCommand;
import adot.server.control.DumpDotProbeMapCommand;
import adot.server.control.GetAllCommand;
import adot.server.control.GetCommand;
import adot.server.control.WipeCacheCommand;
import adot.server.control.WipeRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rec-control's entry method against a real {@link ControlServer} on a temporary Unix socket. */
class RecControlTest {

  static final String PROBE_MAP = "; ip\tdomain\tcount\tstatus\tttd\n192.0.2.1\texample.\t3\tGood\t2026-11-05T10:00:00\n";
  static final String PROBE_MAP_JSON = "[{\"ip\":\"192.0.2.1\",\"status\":\"Good\"}]";
  static final String CACHE = "example. 300 IN A 192.0.2.1\n";

  @TempDir
  Path dir;

  private ControlServer server;
  private Path socket;
  private final List<WipeRequest> wiped = new ArrayList<>();

  record Result(int code, String out, String err) {
  }

  @BeforeEach
  void startServer() throws IOException {
    socket = dir.resolve("control.sock");
    SortedMap<String, Long> stats = new TreeMap<>();
    stats.put("questions", 12L);
    stats.put("cache-hits", 7L);
    CommandRegistry registry = CommandRegistry.withBuiltins("adot-resolver 0.1.0-test")
        .register(new DumpDotProbeMapCommand(json -> json ? PROBE_MAP_JSON : PROBE_MAP))
        .register(new DumpCacheCommand(() -> CACHE))
        .register(new GetAllCommand(() -> stats))
        .register(new GetCommand(() -> stats))
        .register(new WipeCacheCommand(requests -> {
          wiped.addAll(requests);
          return 5;
        }));
    server = new ControlServer(new ControlOptions(socket, null, 4096, Duration.ofSeconds(5), 16), registry);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop();
  }

  private static Result rc(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = RecControl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Result rcAt(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--socket";
    all[1] = socket.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return rc(all);
  }

  @Test
  void ping_daemonAnswers_exit0AndPong() {
    Result r = rcAt("ping");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("pong\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void help_asksTheDaemon() {
    Result r = rcAt("help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("ping : check that the daemon answers").contains("wipe-cache NAME...");
  }

  @Test
  void unknownCommand_exit1WithDaemonMessage() {
    Result r = rcAt("frobnicate");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("unknown command 'frobnicate', try 'help'\n");
  }

  @Test
  void getAllAndGet_printedAsIs() {
    assertThat(rcAt("get-all").out()).isEqualTo("cache-hits\t7\nquestions\t12\n");
    Result get = rcAt("get", "questions", "no-such-stat");
    assertThat(get.code()).isZero();
    assertThat(get.out()).isEqualTo("12\nUNKNOWN\n");
  }

  @Test
  void wipeCache_subtreeConventionReachesDaemon() {
    Result r = rcAt("wipe-cache", "example.com", "example.org$");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("wiped 5 records\n");
    assertThat(wiped).containsExactly(new WipeRequest("example.com.", false), new WipeRequest("example.org.", true));
  }

  @Test
  void noDaemon_exit2MessageNamesPathAndCause() {
    Path missing = dir.resolve("nothing-here.sock");

    Result r = rc("--socket", missing.toString(), "ping");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(missing.toString()).contains("is adot-resolver running? is the path right?");
  }

  @Test
  void staleSocket_exit2ConnectionRefused() throws IOException {
    Path stale = dir.resolve("stale.sock");
    try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      crashed.bind(UnixDomainSocketAddress.of(stale));
    }

    Result r = rc("--socket", stale.toString(), "ping");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(stale.toString()).contains("stale socket, the daemon is not running");
  }

  @Test
  void socketWithoutPermission_exit2NamesGroup() throws IOException {
    assumeFalse("root".equals(System.getProperty("user.name")), "root may connect to any socket");
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("---------"));

    Result r = rcAt("ping");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("permission denied").contains("member of the socket's group or root");
  }

  @Test
  void serverNeverAnswers_exit2AfterTimeout() throws IOException {
    Path silent = dir.resolve("silent.sock");
    try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      listener.bind(UnixDomainSocketAddress.of(silent)); // listens, never accepts, never answers
      long start = System.nanoTime();

      Result r = rc("--socket", silent.toString(), "--timeout", "300ms", "ping");

      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains(silent.toString()).contains("within 300ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    }
  }

  @Test
  void dumpToFile_createsFile() throws IOException {
    Path file = dir.resolve("probes.txt");

    Result r = rcAt("dump-dot-probe-map", file.toString());

    assertThat(r.code()).isZero();
    assertThat(file).hasContent(PROBE_MAP.strip());
    assertThat(Files.readString(file)).isEqualTo(PROBE_MAP);
    assertThat(r.out()).contains("dump written to " + file);
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void dumpToFile_existingFile_refusedWithoutForce_overwrittenWithForce() throws IOException {
    Path file = Files.writeString(dir.resolve("cache.txt"), "old contents\n");

    Result refused = rcAt("dump-cache", file.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains(file.toString()).contains("already exists").contains("--force");
    assertThat(file).hasContent("old contents");

    Result forcedAfter = rcAt("dump-cache", file.toString(), "--force");
    assertThat(forcedAfter.code()).isZero();
    assertThat(Files.readString(file)).isEqualTo(CACHE);

    Files.writeString(file, "old again\n");
    Result forcedBefore = rc("--socket", socket.toString(), "--force", "dump-cache", file.toString());
    assertThat(forcedBefore.code()).isZero();
    assertThat(Files.readString(file)).isEqualTo(CACHE);
  }

  @Test
  void dumpJson_flagPassedToDaemon() throws IOException {
    Path file = dir.resolve("probes.json");

    Result r = rcAt("dump-dot-probe-map", "--json", file.toString());

    assertThat(r.code()).isZero();
    assertThat(Files.readString(file)).isEqualTo(PROBE_MAP_JSON + "\n");
  }

  @Test
  void dumpToDashOrNoFile_goesToStdout() {
    Result dash = rcAt("dump-dot-probe-map", "-");
    assertThat(dash.code()).isZero();
    assertThat(dash.out()).isEqualTo(PROBE_MAP);

    Result none = rcAt("dump-cache");
    assertThat(none.out()).isEqualTo(CACHE);
  }

  @Test
  void dumpDaemonError_noFileLeftBehind() throws IOException {
    server.stop();
    server = new ControlServer(new ControlOptions(socket, null, 4096, Duration.ofSeconds(5), 16),
        new CommandRegistry().register(new DumpCacheCommand(() -> {
          throw new IllegalStateException("cache is being rebuilt");
        })));
    server.start();
    Path file = dir.resolve("cache.txt");

    Result r = rcAt("dump-cache", file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("command failed: cache is being rebuilt\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("control.sock");
    }
  }

  @Test
  void dumpTwoFiles_usageError() {
    Result r = rcAt("dump-cache", "a.txt", "b.txt");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("at most one FILE");
  }

  @Test
  void config_controlSocketRead() throws IOException {
    Path conf = Files.writeString(dir.resolve("adot.conf"),
        "# test config\nlisten = [\"127.0.0.1:53\"]\ncontrol {\n  group = adot\n  socket = \"" + socket + "\"\n}\n");

    Result r = rc("--config", conf.toString(), "ping");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("pong\n");
  }

  @Test
  void config_socketOptionWins() throws IOException {
    Path conf = Files.writeString(dir.resolve("adot.conf"), "control.socket = /nonexistent/control.sock\n");

    assertThat(rc("--config", conf.toString(), "--socket", socket.toString(), "ping").code()).isZero();
    Result viaConfig = rc("--config", conf.toString(), "ping");
    assertThat(viaConfig.code()).isEqualTo(2);
    assertThat(viaConfig.err()).contains("/nonexistent/control.sock");
  }

  @Test
  void config_missingFile_exit1() {
    Result r = rc("--config", dir.resolve("nope.conf").toString(), "ping");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot read config").contains("nope.conf").contains("no such file");
  }

  @Test
  void helpOption_listsOptionsWithoutContactingDaemon() {
    Result r = rc("--socket", "/nonexistent.sock", "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--socket=PATH").contains("--config=FILE").contains("--timeout=DURATION")
        .contains("--force").contains("Exit status");
  }

  @Test
  void commandLineErrors_exit1() {
    Result noCommand = rc("--socket", socket.toString());
    assertThat(noCommand.code()).isEqualTo(1);
    assertThat(noCommand.err()).contains("COMMAND");

    Result badTimeout = rcAt("--timeout", "soon", "ping");
    assertThat(badTimeout.code()).isEqualTo(1);
    assertThat(badTimeout.err()).contains("'soon' is not a duration");

    Result space = rcAt("get", "two words");
    assertThat(space.code()).isEqualTo(1);
    assertThat(space.err()).contains("'two words' contains a space");
  }
}
