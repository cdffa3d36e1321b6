package adot.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import adot.testkit.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ControlServerTest extends ControlServerFixture {

  /** A command whose reply comes from a function of its arguments, through a stage the test controls. */
  private static ControlCommand command(String name, Function<List<String>, CompletionStage<ControlResponse>> body) {
    return new ControlCommand() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String usage() {
        return name + " : test command";
      }

      @Override
      public CompletionStage<ControlResponse> execute(List<String> args) {
        return body.apply(args);
      }
    };
  }

  @Test
  void ping_roundTrip() throws IOException {
    ControlServer server = startDefault();

    assertThat(RawControlClient.exchange(server.socketPath(), "ping")).isEqualTo("OK\npong\n");
  }

  @Test
  void version_answersConfiguredVersion() throws IOException {
    ControlServer server = startDefault();

    assertThat(RawControlClient.exchange(server.socketPath(), "version")).isEqualTo("OK\nadot-test 1.2.3\n");
  }

  @Test
  void help_listsRegisteredCommands() throws IOException {
    ControlServer server = startDefault();

    assertThat(RawControlClient.exchange(server.socketPath(), "help")).isEqualTo("OK\n"
        + "help : list the commands this daemon understands\n"
        + "ping : check that the daemon answers (replies 'pong')\n"
        + "version : print the daemon's version\n");
  }

  @Test
  void request_crlfAndExtraSpaces_accepted() throws IOException {
    ControlServer server = startDefault();

    try (RawControlClient client = RawControlClient.connect(server.socketPath())) {
      client.send("  PING \r\n");
      assertThat(client.readToEof(Duration.ofSeconds(5))).isEqualTo("OK\npong\n");
    }
  }

  @Test
  void unknownCommand_errorNamesIt() throws IOException {
    ControlServer server = startDefault();

    assertThat(RawControlClient.exchange(server.socketPath(), "frobnicate now"))
        .isEqualTo("ERROR\nunknown command 'frobnicate', try 'help'\n");
  }

  @Test
  void emptyOrBinaryRequest_error() throws IOException {
    ControlServer server = startDefault();

    assertThat(RawControlClient.exchange(server.socketPath(), "   ")).isEqualTo("ERROR\nempty request, try 'help'\n");
    assertThat(RawControlClient.exchange(server.socketPath(), "ping\u0000")).startsWith("ERROR\nrequest contains");
    try (RawControlClient client = RawControlClient.connect(server.socketPath())) {
      client.send(new byte[] {'p', (byte) 0xC3, (byte) 0x28, '\n'});
      assertThat(client.readToEof(Duration.ofSeconds(5))).isEqualTo("ERROR\nrequest is not valid UTF-8\n");
    }
  }

  @Test
  void oversizedRequest_errorAndServerStillServesOthers() throws IOException {
    ControlServer server = start(options(64, Duration.ofSeconds(5), 16), CommandRegistry.withBuiltins("v"));

    try (RawControlClient client = RawControlClient.connect(server.socketPath())) {
      client.send("a".repeat(1000));
      assertThat(client.readToEof(Duration.ofSeconds(5))).isEqualTo("ERROR\nrequest longer than 64 bytes\n");
    }
    assertThat(RawControlClient.exchange(server.socketPath(), "ping " + "x".repeat(50))).startsWith("ERROR\nunexpected");
    assertThat(RawControlClient.exchange(server.socketPath(), "ping")).isEqualTo("OK\npong\n");
  }

  @Test
  void halfOpenClient_closedAfterReadTimeout_othersServedMeanwhile() throws IOException {
    ControlServer server = start(options(4096, Duration.ofMillis(500), 16), CommandRegistry.withBuiltins("v"));

    try (RawControlClient silent = RawControlClient.connect(server.socketPath());
        RawControlClient slow = RawControlClient.connect(server.socketPath())) {
      long start = System.nanoTime();
      slow.send("pi"); // never finishes its line
      for (int i = 0; i < 5; i++) {
        assertThat(RawControlClient.exchange(server.socketPath(), "ping")).isEqualTo("OK\npong\n");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

      assertThat(silent.readToEof(Duration.ofSeconds(3)))
          .isEqualTo("ERROR\nno complete request line within 500 ms\n");
      assertThat(slow.readToEof(Duration.ofSeconds(3))).startsWith("ERROR\nno complete request line");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }
  }

  @Test
  void clientHalfClosesAfterRequest_stillGetsReply() throws IOException {
    ControlServer server = startDefault();

    try (RawControlClient client = RawControlClient.connect(server.socketPath())) {
      client.send("ping\n");
      client.shutdownOutput();
      assertThat(client.readToEof(Duration.ofSeconds(5))).isEqualTo("OK\npong\n");
    }
  }

  @Test
  void fiftyConcurrentClients_allInFlightAtOnceAndAllAnswered() throws IOException {
    int n = 50;
    CountDownLatch arrived = new CountDownLatch(n);
    CompletableFuture<Void> allArrived = new CompletableFuture<>();
    CommandRegistry registry = CommandRegistry.withBuiltins("v").register(command("rendezvous", args -> {
      arrived.countDown();
      if (arrived.getCount() == 0) {
        allArrived.complete(null);
      }
      // Answers only once all n requests are being executed: proves they are served concurrently.
      return allArrived.thenApply(x -> ControlResponse.ok("client " + args.get(0)));
    }));
    ControlServer server = start(options(4096, Duration.ofSeconds(5), 64), registry);

    List<RawControlClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        RawControlClient client = RawControlClient.connect(server.socketPath());
        clients.add(client);
        client.send("rendezvous " + i + "\n");
      }
      for (int i = 0; i < n; i++) {
        assertThat(clients.get(i).readToEof(Duration.ofSeconds(5))).isEqualTo("OK\nclient " + i + "\n");
      }
    } finally {
      for (RawControlClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  void tooManyClients_extraOneRefused_slotFreedOnClose() throws Exception {
    ControlServer server = start(options(4096, Duration.ofSeconds(5), 2), CommandRegistry.withBuiltins("v"));

    RawControlClient first = RawControlClient.connect(server.socketPath());
    RawControlClient second = RawControlClient.connect(server.socketPath());
    try (RawControlClient extra = RawControlClient.connect(server.socketPath())) {
      // the refusal is written at accept and the connection closed: sending could race with that close (EPIPE)
      assertThat(extra.readToEof(Duration.ofSeconds(5))).isEqualTo("ERROR\ntoo many control clients\n");
    } finally {
      first.close();
      second.close();
    }
    // The server notices the closes asynchronously; poll with a deadline.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    String reply;
    do {
      reply = RawControlClient.exchange(server.socketPath(), "ping");
    } while (!reply.startsWith("OK") && System.nanoTime() < deadline);
    assertThat(reply).isEqualTo("OK\npong\n");
  }

  @Test
  void asyncCommand_completedLater_answered() throws IOException {
    CommandRegistry registry = CommandRegistry.withBuiltins("v").register(command("later",
        args -> CompletableFuture.supplyAsync(() -> ControlResponse.ok("done"),
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))));
    ControlServer server = start(options(4096, Duration.ofSeconds(5), 16), registry);

    assertThat(RawControlClient.exchange(server.socketPath(), "later")).isEqualTo("OK\ndone\n");
  }

  @Test
  void commandNeverCompletes_errorAfterCommandTimeout() throws IOException {
    CommandRegistry registry = CommandRegistry.withBuiltins("v")
        .register(command("hang", args -> new CompletableFuture<>()));
    ControlServer server = new ControlServer(options(4096, Duration.ofSeconds(5), 16), registry,
        Duration.ofMillis(200));
    servers.add(server);
    server.start();

    assertThat(RawControlClient.exchange(server.socketPath(), "hang"))
        .isEqualTo("ERROR\ncommand 'hang' did not complete within 200 ms\n");
  }

  @Test
  void commandThrows_errorWithMessage() throws IOException {
    CommandRegistry registry = CommandRegistry.withBuiltins("v")
        .register(command("boom", args -> {
          throw new IllegalStateException("kaput");
        }))
        .register(command("fails", args -> CompletableFuture.failedFuture(new IOException("disk gone"))));
    ControlServer server = start(options(4096, Duration.ofSeconds(5), 16), registry);

    assertThat(RawControlClient.exchange(server.socketPath(), "boom")).isEqualTo("ERROR\ncommand failed: kaput\n");
    assertThat(RawControlClient.exchange(server.socketPath(), "fails"))
        .isEqualTo("ERROR\ncommand failed: disk gone\n");
  }

  @Test
  void largeBody_streamedIntact() throws IOException {
    StringBuilder big = new StringBuilder();
    for (int i = 0; big.length() < 3_000_000; i++) {
      big.append("192.0.2.").append(i % 256).append("\texample-\u00e9\u4e2d\uD83D\uDE00.com.\t").append(i).append('\n');
    }
    String body = big.toString();
    CommandRegistry registry = CommandRegistry.withBuiltins("v").register(new DumpCacheCommand(() -> body));
    ControlServer server = start(options(4096, Duration.ofSeconds(5), 16), registry);

    assertThat(RawControlClient.exchange(server.socketPath(), "dump-cache")).isEqualTo("OK\n" + body);
  }

  @Test
  void clientNotReadingLargeBody_droppedAfterTimeout_othersServed() throws Exception {
    String body = "x".repeat(8_000_000);
    CommandRegistry registry = CommandRegistry.withBuiltins("v").register(new DumpCacheCommand(() -> body));
    ControlServer server = start(options(4096, Duration.ofMillis(300), 16), registry);

    try (RawControlClient stuck = RawControlClient.connect(server.socketPath())) {
      stuck.send("dump-cache\n");
      assertThat(RawControlClient.exchange(server.socketPath(), "ping")).isEqualTo("OK\npong\n");
      // Only now start reading: the server must have given up on this client, so the reply is cut short.
      Poll.until(() -> server.activeClients() == 0, "the stuck client is dropped", Duration.ofSeconds(3));
      byte[] received = stuck.readBytesToEof(Duration.ofSeconds(5));
      assertThat(received.length).isLessThan(body.length());
    }
  }

  @Test
  void quitNicely_repliesByeThenStopperStopsServer() throws Exception {
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    AtomicInteger stops = new AtomicInteger();
    ControlServer[] holder = new ControlServer[1];
    CommandRegistry registry = CommandRegistry.withBuiltins("v").register(new QuitNicelyCommand(() -> {
      stops.incrementAndGet();
      holder[0].stop(); // the real daemon's stopper stops the control server too: must not deadlock
      stopped.complete(null);
    }));
    holder[0] = start(options(4096, Duration.ofSeconds(5), 16), registry);

    assertThat(RawControlClient.exchange(holder[0].socketPath(), "quit-nicely")).isEqualTo("OK\nbye\n");
    stopped.get(5, TimeUnit.SECONDS);
    assertThat(stops).hasValue(1);
    assertThat(holder[0].isRunning()).isFalse();
    assertThat(holder[0].socketPath()).doesNotExist();
  }

  @Test
  void body_utf8OnTheWire() throws IOException {
    CommandRegistry registry = new CommandRegistry().register(command("greet",
        args -> CompletableFuture.completedFuture(ControlResponse.ok("gr\u00fc\u00df dich"))));
    ControlServer server = start(options(4096, Duration.ofSeconds(5), 16), registry);

    try (RawControlClient client = RawControlClient.connect(server.socketPath())) {
      client.send("greet\n");
      byte[] reply = client.readBytesToEof(Duration.ofSeconds(5));
      assertThat(reply).isEqualTo("OK\ngr\u00fc\u00df dich\n".getBytes(StandardCharsets.UTF_8));
    }
  }
}
