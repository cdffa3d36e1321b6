package adot.core.transport.dot;

import static adot.core.transport.dot.DotTestSupport.await;
import static adot.core.transport.dot.DotTestSupport.failure;
import static adot.core.transport.dot.DotTestSupport.name;
import static adot.core.transport.dot.DotTestSupport.query;
import static adot.core.transport.dot.DotTestSupport.reply;
import static org.assertj.core.api.Assertions.assertThat;

import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link DotClient} against failing servers on 127.0.0.1: what the caller sees, and when a query is retried. */
class DotClientFailureTest extends DotClientFixture {
  @Test
  void send_pooledConnectionClosedOnQuery_retriedOnceOnNewConnection() throws Exception {
    server.closeOnQueryAfterReplies = 1;
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));

    UpstreamReply second = reply(client.send(request(query("b.example.test.", 2))));

    assertThat(second.message().getQuestion().getName()).isEqualTo(name("b.example.test."));
    assertThat(second.reusedConnection()).isFalse();
    assertThat(client.stats().retries()).isEqualTo(1);
    assertThat(server.connectionsAccepted.get()).isEqualTo(2);
  }

  @Test
  void send_retryOnNewConnectionAlsoFails_reportsFreshFailure() throws Exception {
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));
    server.closeOnQueryAfterReplies = 0;

    UpstreamException failure = failure(client.send(request(query("b.example.test.", 2))));

    assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.CLOSED);
    assertThat(failure.freshConnection()).isTrue();
    assertThat(client.stats().retries()).isEqualTo(1);
    assertThat(server.connectionsAccepted.get()).isEqualTo(2);
  }

  @Test
  void send_burstOnNewConnectionsTheServerClosesCleanlyAfterTwoReplies_restIsRetriedAndNotHeldAgainstIt()
      throws Exception {
    server.closeAfterReplies = 2; // a server that caps queries per connection
    client = client(options());
    Outcomes burst = sendBurstOnANewConnection(6);

    // Two on the first connection, two of the four resent on a second one; the last two had their one resend.
    assertThat(burst.answered()).hasSize(4);
    assertThat(client.stats().retries()).isEqualTo(4);
    assertThat(server.connectionsAccepted.get()).isEqualTo(2);
    assertThat(burst.failed()).hasSize(2).allSatisfy(f -> {
      assertThat(f.kind()).isEqualTo(UpstreamException.Kind.CLOSED);
      assertThat(f.serverAtFault()).as("the server answered on the connection, then closed it cleanly").isFalse();
    });
  }

  @Test
  void send_burstOnNewConnectionsTheServerResetsAfterTwoReplies_restIsRetriedAndNotHeldAgainstIt() throws Exception {
    server.resetAfterReplies = 2; // caps queries per connection and closes with the rest unread: a TCP reset
    client = client(options());
    Outcomes burst = sendBurstOnANewConnection(6);

    // As with a clean close: two answered on each of two connections, the last two had their one resend.
    assertThat(burst.answered()).hasSize(4);
    assertThat(server.connectionsAccepted.get()).isEqualTo(2);
    assertThat(burst.failed()).hasSize(2).allSatisfy(f ->
        assertThat(f.serverAtFault()).as("the server answered on the connection, then reset it").isFalse());
  }

  @Test
  void send_serverSendsCloseNotifyAndKeepsTcpOpen_connectionIsClosedAndNextQueryGoesOnANewOne() throws Exception {
    server.closeNotifyAfterReplies = 1;
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));

    // The server will send nothing more on it: waiting for its TCP close would cost the next queries their timeout.
    await(() -> client.stats().openConnections() == 0, "the client closed the connection");
    UpstreamReply next = reply(client.send(request(query("b.example.test.", 2))));

    assertThat(next.reusedConnection()).isFalse();
    assertThat(server.connectionsAccepted.get()).isEqualTo(2);
  }

  @Test
  void send_freshConnectionClosedWithQueryPending_failsClosedWithoutRetry() throws Exception {
    server.closeOnQueryAfterReplies = 0;
    client = client(options());

    UpstreamException failure = failure(client.send(request(query("a.example.test.", 1))));

    assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.CLOSED);
    assertThat(failure.freshConnection()).isTrue();
    assertThat(client.stats().retries()).isZero();
    assertThat(server.connectionsAccepted.get()).isEqualTo(1);
  }

  @Test
  void send_pooledConnectionGoesSilent_timesOutAsNotFreshAndNextQueryConnectsAnew() throws Exception {
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));
    server.silent = true;

    UpstreamException failure =
        failure(client.send(request(query("b.example.test.", 2), Duration.ofMillis(200))));

    assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    assertThat(failure.freshConnection()).isFalse();
    assertThat(failure.serverAtFault()).as("a quiet connection may just be dead").isFalse();
    assertThat(client.stats().retries()).isZero();
    // The connection that went quiet is closed: the next query goes on a new one, whose outcome counts.
    await(() -> client.stats().openConnections() == 0, "the silent connection closed");
    server.silent = false;
    UpstreamReply next = reply(client.send(request(query("c.example.test.", 3))));
    assertThat(next.reusedConnection()).isFalse();
    assertThat(server.connectionsAccepted.get()).isEqualTo(2);
  }

  @Test
  void send_secondConnectionToGoQuietWithinAMinute_isHeldAgainstTheServer() throws Exception {
    server.silentAfterReplies = 1; // answers the first query on each connection, then nothing
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));
    UpstreamException first = failure(client.send(request(query("b.example.test.", 2), Duration.ofMillis(200))));
    await(() -> client.stats().openConnections() == 0, "the quiet connection closed");

    assertThat(reply(client.send(request(query("c.example.test.", 3)))).reusedConnection()).isFalse();
    UpstreamException second = failure(client.send(request(query("d.example.test.", 4), Duration.ofMillis(200))));

    assertThat(first.serverAtFault()).as("once may be a connection that died").isFalse();
    assertThat(second.serverAtFault()).as("twice in a minute is the server").isTrue();
    assertThat(second.getMessage()).contains("second connection to go quiet");
  }

  @Test
  void send_pooledConnectionIgnoresOneQueryButAnswersOthers_timeoutIsTheServersFaultAndConnectionStays()
      throws Exception {
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));
    server.ignoredName = name("ignored.example.test.");

    CompletableFuture<UpstreamReply> ignored =
        client.send(request(query("ignored.example.test.", 2), Duration.ofMillis(1500)));
    reply(client.send(request(query("b.example.test.", 3)))); // answered after the ignored one was written
    UpstreamException failure = failure(ignored);

    assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    assertThat(failure.freshConnection()).isFalse();
    assertThat(failure.serverAtFault()).as("the connection worked: the server ignored the query").isTrue();
    assertThat(reply(client.send(request(query("c.example.test.", 4)))).reusedConnection()).isTrue();
    assertThat(server.connectionsAccepted.get()).isEqualTo(1);
  }

  @Test
  void send_pooledTimeoutAfterOnlyEarlierQueriesWereAnswered_isNotHeldAgainstTheServer() throws Exception {
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));
    server.ignoredName = name("slow.example.test.");
    server.delayMillis = 400;
    CompletableFuture<UpstreamReply> earlier = client.send(request(query("b.example.test.", 2)));
    Thread.sleep(100);

    // Answered after this one was written, but written before it: a server answering in order, slowly, looks so too.
    UpstreamException failure = failure(client.send(request(query("slow.example.test.", 3), Duration.ofMillis(1000))));

    assertThat(reply(earlier).message().getQuestion().getName()).isEqualTo(name("b.example.test."));
    assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    assertThat(failure.serverAtFault()).isFalse();
  }

  @Test
  void send_timeoutOnQuietPooledConnection_otherQueriesOnItAreRetriedOnANewOne() throws Exception {
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));
    server.delayMillis = 1500;
    CompletableFuture<UpstreamReply> patient = client.send(request(query("b.example.test.", 2), TIMEOUT));
    Thread.sleep(100); // on the pooled connection before the impatient one

    UpstreamException impatient =
        failure(client.send(request(query("c.example.test.", 3), Duration.ofMillis(200))));
    server.delayMillis = 0;

    assertThat(impatient.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    UpstreamReply retried = reply(patient);
    assertThat(retried.message().getQuestion().getName()).isEqualTo(name("b.example.test."));
    assertThat(retried.reusedConnection()).isFalse();
    assertThat(client.stats().retries()).isEqualTo(1);
  }

  @Test
  void send_resendAfterTheClientClosedAQuietConnectionTimesOut_isNotHeldAgainstTheServer() throws Exception {
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));
    server.delayMillis = 5000;
    CompletableFuture<UpstreamReply> patient =
        client.send(request(query("b.example.test.", 2), Duration.ofMillis(1200)));
    Thread.sleep(100);

    failure(client.send(request(query("c.example.test.", 3), Duration.ofMillis(200)))); // closes the connection
    UpstreamException resent = failure(patient);

    assertThat(client.stats().retries()).isEqualTo(1);
    assertThat(resent.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    assertThat(resent.serverAtFault()).as("the resend had only what was left of the time").isFalse();
  }

  @Test
  void send_queryOpenedTheConnectionTheClientThenCloses_isRetriedNotHeldAgainstTheServer() throws Exception {
    server.delayMillis = 1200;
    client = client(options());
    // Opens the connection: its attempt is fresh there.
    CompletableFuture<UpstreamReply> opener = client.send(request(query("a.example.test.", 1), Duration.ofSeconds(4)));
    await(() -> server.queries.size() == 1, "the first query read by the server: the connection is established");

    // Pooled, times out while nothing arrives: the client closes the connection under the first query.
    UpstreamException impatient =
        failure(client.send(request(query("b.example.test.", 2), Duration.ofMillis(200))));

    assertThat(impatient.serverAtFault()).isFalse();
    UpstreamReply retried = reply(opener);
    assertThat(retried.message().getQuestion().getName()).isEqualTo(name("a.example.test."));
    assertThat(client.stats().retries()).isEqualTo(1);
    assertThat(server.connectionsAccepted.get()).isEqualTo(2);
  }

  @Test
  void send_garbageReply_failsMalformedAndDropsConnection() throws Exception {
    server.garbage = true;
    client = client(options());

    UpstreamException failure = failure(client.send(request(query("a.example.test.", 1))));

    assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.MALFORMED);
    assertThat(failure.freshConnection()).isTrue();
    assertThat(client.stats().malformedReplies()).isEqualTo(1);
    await(() -> client.stats().openConnections() == 0, "connection with garbage closed");
  }

  @Test
  void send_blackHole_timesOutWithinRequestTimeoutAndClosesTheConnection() throws Exception {
    try (RawTcpServer blackHole = new RawTcpServer(serverGroup, RawTcpServer.Mode.BLACK_HOLE)) {
      client = client(DotOptions.defaults().withPort(blackHole.port()));
      long start = System.nanoTime();

      UpstreamException failure =
          failure(client.send(request(query("a.example.test.", 1), Duration.ofMillis(300))));

      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
      assertThat(failure.freshConnection()).isTrue();
      assertThat(elapsedMillis).isBetween(250L, 1500L);
      assertThat(failure.serverAtFault()).isTrue();
      // Nothing waits for the handshake any more: the socket goes with the timeout, not after the handshake's own 3 s.
      assertThat(DotOptions.defaults().connectTimeout()).isGreaterThan(Duration.ofSeconds(2));
      await(() -> client.stats().openConnections() == 0, "the half-open connection closed", Duration.ofSeconds(1));
    }
  }

  @Test
  void send_blackHole_connectionBeingSetUpStaysWhileAQueryStillWaitsForIt() throws Exception {
    try (RawTcpServer blackHole = new RawTcpServer(serverGroup, RawTcpServer.Mode.BLACK_HOLE)) {
      client = client(DotOptions.defaults().withPort(blackHole.port()));
      CompletableFuture<UpstreamReply> patient =
          client.send(request(query("a.example.test.", 1), Duration.ofMillis(1500)));

      failure(client.send(request(query("b.example.test.", 2), Duration.ofMillis(200))));

      assertThat(client.stats().openConnections()).as("the first query still waits for it").isEqualTo(1);
      assertThat(failure(patient).kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
      await(() -> client.stats().openConnections() == 0, "the connection closed with the last query's timeout",
          Duration.ofSeconds(1));
    }
  }

  @Test
  void send_nothingListening_failsConnectionRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(loopback, 0));
      closedPort = socket.getLocalPort();
    }
    client = client(DotOptions.defaults().withPort(closedPort));

    UpstreamException failure = failure(client.send(request(query("a.example.test.", 1))));

    assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.CONNECTION_REFUSED);
    assertThat(failure.freshConnection()).isTrue();
    assertThat(client.stats().openConnections()).isZero();
  }

  @Test
  void send_serverNotSpeakingTls_failsTlsHandshake() throws Exception {
    try (RawTcpServer plain = new RawTcpServer(serverGroup, RawTcpServer.Mode.NOT_TLS)) {
      client = client(DotOptions.defaults().withPort(plain.port()));

      UpstreamException failure = failure(client.send(request(query("a.example.test.", 1))));

      assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.TLS_HANDSHAKE);
      assertThat(failure.freshConnection()).isTrue();
      assertThat(client.stats().handshakeFailures()).isEqualTo(1);
    }
  }

  @Test
  void send_verifyCertificatesAgainstSelfSignedServer_failsTlsHandshake() throws Exception {
    client = client(options().withVerifyCertificates(true));

    UpstreamException failure = failure(client.send(request(query("a.example.test.", 1))));

    assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.TLS_HANDSHAKE);
    // the trust manager's reason, whichever TLS implementation wraps it
    assertThat(failure).hasMessageContaining("certification path");
    assertThat(server.queries).isEmpty();
  }

  @Test
  void close_queryInFlight_failsClosedAndLaterSendsNotSent() throws Exception {
    server.silent = true;
    client = client(options());
    CompletableFuture<UpstreamReply> pending = client.send(request(query("a.example.test.", 1)));
    await(() -> server.queries.size() == 1, "query reached the server");

    client.close();

    UpstreamException closed = failure(pending);
    assertThat(closed.kind()).isEqualTo(UpstreamException.Kind.CLOSED);
    assertThat(closed.serverAtFault()).as("the client closed it").isFalse();
    assertThat(failure(client.send(request(query("b.example.test.", 2)))).kind())
        .isEqualTo(UpstreamException.Kind.NOT_SENT);
    await(() -> server.connectionsOpen.get() == 0, "server saw the connection close");
  }

  /** The replies and failures of a burst of queries, in the order sent. */
  private record Outcomes(List<UpstreamReply> answered, List<UpstreamException> failed) {}

  /** Sends {@code n} queries at once, so that all wait for the connection being set up for the first. */
  private Outcomes sendBurstOnANewConnection(int n) throws Exception {
    List<CompletableFuture<UpstreamReply>> burst = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      burst.add(client.send(request(query("q" + i + ".example.test.", i))));
    }
    Outcomes outcomes = new Outcomes(new ArrayList<>(), new ArrayList<>());
    for (CompletableFuture<UpstreamReply> f : burst) {
      try {
        outcomes.answered().add(reply(f));
      } catch (ExecutionException e) {
        outcomes.failed().add(failure(f));
      }
    }
    return outcomes;
  }
}
