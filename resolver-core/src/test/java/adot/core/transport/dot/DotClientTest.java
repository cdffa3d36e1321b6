package adot.core.transport.dot;

import static adot.core.transport.dot.DotTestSupport.await;
import static adot.core.transport.dot.DotTestSupport.failure;
import static adot.core.transport.dot.DotTestSupport.name;
import static adot.core.transport.dot.DotTestSupport.query;
import static adot.core.transport.dot.DotTestSupport.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import adot.core.time.TimeSource;
import adot.core.transport.Transport;
import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import adot.core.transport.UpstreamRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

/** {@link DotClient} against real TLS servers on 127.0.0.1: the working paths. */
class DotClientTest extends DotClientFixture {
  @Test
  void send_singleQuery_answersOverTls13() throws Exception {
    client = client(options());

    UpstreamReply reply = reply(client.send(request(query("www.example.test.", 4711))));

    assertThat(reply.transport()).isEqualTo(Transport.DOT);
    assertThat(reply.reusedConnection()).isFalse();
    assertThat(reply.rtt()).isPositive();
    assertThat(reply.connectionSetup()).as("connect + handshake, before the query was written").isPositive();
    assertThat(reply.message().getHeader().getID()).isEqualTo(4711);
    assertThat(reply.message().getSection(Section.ANSWER))
        .containsExactly(new ARecord(name("www.example.test."), DClass.IN, 60, DotTestServer.ANSWER));
    assertThat(server.handshakeList()).singleElement().extracting(DotTestServer.Handshake::protocol)
        .isEqualTo("TLSv1.3");
    assertThat(server.fullHandshakes.get()).isEqualTo(1);
    assertThat(client.stats().connectionsOpened()).isEqualTo(1);
    assertThat(client.stats().queriesSent()).isEqualTo(1);
  }

  @Test
  void send_tls12OnlyServer_answersAndResumes() throws Exception {
    try (DotTestServer tls12 = DotTestServer.start(serverGroup, "TLSv1.2")) {
      tls12.closeAfterReplies = 1;
      client = client(DotOptions.defaults().withPort(tls12.port()));

      reply(client.send(request(query("a.example.test.", 1))));
      await(() -> client.stats().openConnections() == 0, "connection closed by the server left the pool");
      reply(client.send(request(query("b.example.test.", 2))));

      assertThat(tls12.handshakeList()).extracting(DotTestServer.Handshake::protocol)
          .containsExactly("TLSv1.2", "TLSv1.2");
      assertThat(tls12.handshakeList()).extracting(DotTestServer.Handshake::alpn).containsOnly("dot");
      assertThat(tls12.fullHandshakes.get()).isEqualTo(1);
      assertThat(client.stats().sessionsResumed()).isEqualTo(1);
    }
  }

  @Test
  void send_tlsServerName_sentAsSniAndAlpnDotOffered() throws Exception {
    client = client(options());

    reply(client.send(new UpstreamRequest(loopback, query("a.example.test.", 1), Transport.DOT, TIMEOUT,
        "NS1.Example.Test.")));

    assertThat(server.handshakeList()).singleElement().satisfies(h -> {
      assertThat(h.sni()).isEqualTo(SNI);
      assertThat(h.alpn()).isEqualTo("dot");
    });
  }

  @Test
  void send_fromEventLoops_eachReplyCompletesOnItsCallersLoop() throws Exception {
    client = client(options());
    reply(client.send(request(query("first.example.test.", 1)))); // the one pooled connection now exists
    List<CompletableFuture<Boolean>> onCallersLoop = new ArrayList<>();
    int id = 100;
    for (EventExecutor loop : clientGroup) {
      int qid = id++;
      // Callback attached inside the loop's task: the reply cannot complete the future before it is attached.
      onCallersLoop.add(loop.submit(() -> client.send(request(query("q" + qid + ".example.test.", qid)))
          .thenApply(r -> loop.inEventLoop())).get(5, TimeUnit.SECONDS));
    }

    for (CompletableFuture<Boolean> f : onCallersLoop) {
      assertThat(f.get(5, TimeUnit.SECONDS)).as("completed on the loop that sent the query").isTrue();
    }
    // One connection for queries from two loops: at least one reply arrived on another loop than its caller's.
    assertThat(server.connectionsAccepted.get()).isEqualTo(1);
    assertThat(onCallersLoop).hasSize(2);
  }

  @Test
  void send_secondQuery_reusesPooledConnection() throws Exception {
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));

    UpstreamReply second = reply(client.send(request(query("b.example.test.", 2))));

    assertThat(second.reusedConnection()).isTrue();
    assertThat(second.connectionSetup()).as("no connection was set up for it").isNull();
    assertThat(server.connectionsAccepted.get()).isEqualTo(1);
    assertThat(client.stats().connectionsReused()).isEqualTo(1);
  }

  @Test
  void send_fiftyConcurrentQueries_pipelinedOnFewConnections() throws Exception {
    server.delayMillis = 50;
    DotOptions options = options();
    client = client(options);

    List<CompletableFuture<UpstreamReply>> futures = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      futures.add(client.send(request(query("q" + i + ".example.test.", i))));
    }

    for (int i = 1; i <= 50; i++) {
      Message reply = reply(futures.get(i - 1)).message();
      assertThat(reply.getHeader().getID()).isEqualTo(i);
      assertThat(reply.getSection(Section.ANSWER).get(0).getName()).isEqualTo(name("q" + i + ".example.test."));
    }
    assertThat(server.connectionsAccepted.get()).isBetween(1, options.maxIdlePerServer());
    assertThat(server.maxInFlightOnOneConnection.get()).isGreaterThan(1);
  }

  @Test
  void send_moreConcurrentQueriesThanOneConnectionCarries_spreadOverNewConnections() throws Exception {
    server.delayMillis = 100;
    client = client(options().withMaxInFlightPerConnection(5));

    List<CompletableFuture<UpstreamReply>> futures = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      futures.add(client.send(request(query("m" + i + ".example.test.", i))));
    }

    for (CompletableFuture<UpstreamReply> future : futures) {
      reply(future);
    }
    assertThat(server.connectionsAccepted.get()).isEqualTo(3);
    assertThat(server.maxInFlightOnOneConnection.get()).isEqualTo(5);
  }

  @Test
  void send_repliesInReverseOrder_eachMatchedToItsQuery() throws Exception {
    server.reverseBatch = 5;
    client = client(options());

    List<CompletableFuture<UpstreamReply>> futures = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      futures.add(client.send(request(query("r" + i + ".example.test.", i))));
    }

    for (int i = 1; i <= 5; i++) {
      assertThat(reply(futures.get(i - 1)).message().getQuestion().getName())
          .isEqualTo(name("r" + i + ".example.test."));
    }
    assertThat(server.replyOrder).containsExactly(5, 4, 3, 2, 1);
    assertThat(server.connectionsAccepted.get()).isEqualTo(1);
  }

  @Test
  void send_replyWithRightIdButWrongQuestion_droppedAndCountedConnectionKept() throws Exception {
    server.bogusReplyFirst = true;
    client = client(options());

    UpstreamReply reply = reply(client.send(request(query("a.example.test.", 9))));
    UpstreamReply next = reply(client.send(request(query("b.example.test.", 10))));

    assertThat(reply.message().getQuestion().getName()).isEqualTo(name("a.example.test."));
    assertThat(next.reusedConnection()).isTrue();
    assertThat(client.stats().unmatchedReplies()).isEqualTo(2);
  }

  @Test
  void send_queryEchoedBackBeforeTheReply_echoIsNotTakenForTheAnswer() throws Exception {
    server.echoQueryFirst = true; // same ID, same question, QR clear
    client = client(options());

    UpstreamReply reply = reply(client.send(request(query("a.example.test.", 9))));

    assertThat(reply.message().getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(reply.message().getSection(Section.ANSWER)).hasSize(1);
    assertThat(client.stats().unmatchedReplies()).isEqualTo(1);
  }

  @Test
  void send_sameIdAlreadyInFlight_remappedOnSameConnectionAndAnsweredUnderCallersId() throws Exception {
    server.delayMillis = 100;
    client = client(options());

    CompletableFuture<UpstreamReply> first = client.send(request(query("a.example.test.", 7)));
    CompletableFuture<UpstreamReply> second = client.send(request(query("b.example.test.", 7)));
    UpstreamReply firstReply = reply(first);
    UpstreamReply secondReply = reply(second);

    assertThat(firstReply.message().getQuestion().getName()).isEqualTo(name("a.example.test."));
    assertThat(secondReply.message().getQuestion().getName()).isEqualTo(name("b.example.test."));
    assertThat(firstReply.message().getHeader().getID()).isEqualTo(7);
    assertThat(secondReply.message().getHeader().getID()).isEqualTo(7);
    assertThat(server.connectionsAccepted.get()).isEqualTo(1);
    assertThat(server.maxInFlightOnOneConnection.get()).isEqualTo(2);
    assertThat(server.queries).extracting(q -> q.getHeader().getID()).contains(7).doesNotHaveDuplicates();
    assertThat(client.stats().unmatchedReplies()).isZero();
  }

  @Test
  void send_sameIdAsQueryInFlightOnEstablishedConnection_remappedThere() throws Exception {
    client = client(options());
    reply(client.send(request(query("warm.example.test.", 1)))); // the connection is established and idle
    server.delayMillis = 100;

    CompletableFuture<UpstreamReply> first = client.send(request(query("a.example.test.", 7)));
    CompletableFuture<UpstreamReply> second = client.send(request(query("b.example.test.", 7)));

    assertThat(reply(first).message().getQuestion().getName()).isEqualTo(name("a.example.test."));
    UpstreamReply secondReply = reply(second);
    assertThat(secondReply.message().getQuestion().getName()).isEqualTo(name("b.example.test."));
    assertThat(secondReply.message().getHeader().getID()).isEqualTo(7);
    assertThat(secondReply.reusedConnection()).isTrue();
    assertThat(server.connectionsAccepted.get()).isEqualTo(1);
  }

  @Test
  void send_atTotalBoundWithNoIdleConnection_failsFastNotBlamingServer() throws Exception {
    server.delayMillis = 300;
    // one query per connection: the second needs a connection of its own, beyond the total bound
    client = client(options().withMaxConnectionsTotal(1).withMaxInFlightPerConnection(1));
    CompletableFuture<UpstreamReply> first = client.send(request(query("a.example.test.", 7)));

    UpstreamException refused = failure(client.send(request(query("b.example.test.", 8))));

    assertThat(refused.kind()).isEqualTo(UpstreamException.Kind.IO);
    assertThat(refused.freshConnection()).isFalse();
    assertThat(refused.serverAtFault()).isFalse();
    assertThat(reply(first).message().getQuestion().getName()).isEqualTo(name("a.example.test."));
  }

  @Test
  void send_reconnectAfterServerClosedIdleConnection_resumesTlsSessionWithoutFailure() throws Exception {
    server.closeAfterReplies = 1;
    client = client(options());
    reply(client.send(request(query("a.example.test.", 1))));
    await(() -> client.stats().openConnections() == 0, "connection closed by the server left the pool");

    UpstreamReply second = reply(client.send(request(query("b.example.test.", 2))));

    assertThat(second.reusedConnection()).isFalse();
    assertThat(client.stats().retries()).isZero();
    List<DotTestServer.Handshake> handshakes = server.handshakeList();
    assertThat(handshakes).hasSize(2);
    // The server's view: a resumed TLS 1.3 session keeps the creation time of the session it resumes.
    assertThat(handshakes.get(1).sessionCreationTime()).isEqualTo(handshakes.get(0).sessionCreationTime());
    assertThat(server.fullHandshakes.get()).as("handshakes in which the server sent its certificate").isEqualTo(1);
    assertThat(client.stats().sessionsResumed()).isEqualTo(1);
  }

  @Test
  void send_idleTimeout_closesConnection() throws Exception {
    client = client(options().withIdleTimeout(Duration.ofMillis(200)));

    reply(client.send(request(query("a.example.test.", 1))));
    assertThat(client.stats().openConnections()).isEqualTo(1);

    await(() -> client.stats().openConnections() == 0 && server.connectionsOpen.get() == 0,
        "idle connection closed on both sides");
  }

  @Test
  void send_paddingOn_ednsQueryPaddedTo128ByteBlocksPlainQueryUntouched() throws Exception {
    client = client(options());
    Message edns = query("padded.example.test.", 1);
    edns.addRecord(new OPTRecord(1232, 0, 0, Flags.DO), Section.ADDITIONAL);
    Message plain = query("plain.example.test.", 2);

    reply(client.send(request(edns)));
    reply(client.send(request(plain)));

    List<Integer> lengths = new ArrayList<>(server.queryLengths);
    assertThat(lengths.get(0) % 128).isZero();
    assertThat(lengths.get(1)).isEqualTo(plain.toWire().length);
    OPTRecord received = server.queries.peek().getOPT();
    assertThat(received.getOptions(EDNSOption.Code.PADDING)).hasSize(1);
    assertThat(received.getFlags() & Flags.DO).isEqualTo(Flags.DO);
  }

  @Test
  void send_paddingOff_ednsQuerySentAsIs() throws Exception {
    client = client(options().withPadding(false));
    Message edns = query("padded.example.test.", 1);
    edns.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);

    reply(client.send(request(edns)));

    assertThat(server.queryLengths).containsExactly(edns.toWire().length);
  }

  @Test
  void send_withRegistry_publishesMeters() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    client = new DotClient(clientGroup, options(), TimeSource.system(), registry);

    reply(client.send(request(query("a.example.test.", 1))));

    assertThat(registry.get("adot.dot.queries.sent").functionCounter().count()).isEqualTo(1.0);
    assertThat(registry.get("adot.dot.connections.opened").functionCounter().count()).isEqualTo(1.0);
    assertThat(registry.get("adot.dot.connections.open").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void withOwnEventLoop_queryThenClose_answersAndShutsItsLoopDown() throws Exception {
    DotClient own = DotClient.withOwnEventLoop(options(), TimeSource.system(), null);
    try {
      assertThat(reply(own.send(request(query("a.example.test.", 1)))).reusedConnection()).isFalse();
    } finally {
      own.close();
    }

    assertThat(failure(own.send(request(query("b.example.test.", 2)))).kind())
        .isEqualTo(UpstreamException.Kind.NOT_SENT);
    await(() -> server.connectionsOpen.get() == 0, "server saw the connection close");
  }

  @Test
  void send_otherTransport_throwsIllegalArgument() {
    client = client(options());
    UpstreamRequest udp =
        new UpstreamRequest(loopback, query("a.example.test.", 1), Transport.DO53_UDP, TIMEOUT, null);

    assertThatThrownBy(() -> client.send(udp)).isInstanceOf(IllegalArgumentException.class);
  }
}
