package adot.core.transport.dot;

import static adot.core.transport.dot.DotTestSupport.reply;
import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.TimeSource;
import adot.core.transport.UpstreamReply;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How {@link DotClient} frames pipelined queries in TLS records, seen from a relay between it and the server. */
class DotRecordFramingTest extends DotClientFixture {
  private TlsRecordProxy proxy;

  @BeforeEach
  void startProxy() throws Exception {
    proxy = new TlsRecordProxy(serverGroup, server.port());
  }

  @AfterEach
  void stopProxy() {
    if (client != null) {
      client.close();
      client = null;
    }
    proxy.close();
  }

  @ParameterizedTest
  @EnumSource(DotTls.Implementation.class)
  void send_queriesWrittenInOneLoopTurn_eachInATlsRecordOfItsOwn(DotTls.Implementation tls) throws Exception {
    assumeAvailable(tls);
    client = new DotClient(singleLoop, DotOptions.defaults().withPort(proxy.port()), TimeSource.system(), tls);
    reply(client.send(request(1))); // the connection exists: handshake records are behind us
    int before = proxy.applicationDataRecords.get();

    // Five queries sent from one task of the connection's event loop: flushed together, as under load.
    EventLoop loop = singleLoop.next();
    List<CompletableFuture<UpstreamReply>> replies = loop.submit(() -> {
      List<CompletableFuture<UpstreamReply>> sent = new ArrayList<>();
      for (int id = 10; id < 15; id++) {
        sent.add(client.send(request(id)));
      }
      return sent;
    }).get(5, TimeUnit.SECONDS);

    for (int i = 0; i < replies.size(); i++) {
      assertThat(reply(replies.get(i)).message().getHeader().getID()).isEqualTo(10 + i);
    }
    assertThat(server.connectionsAccepted.get()).isEqualTo(1);
    // A server that reads one DNS message per record (NSD 4.6 does) would leave the others of a shared record unread.
    assertThat(proxy.applicationDataRecords.get() - before).as("TLS records for 5 queries").isEqualTo(5);
  }
}
