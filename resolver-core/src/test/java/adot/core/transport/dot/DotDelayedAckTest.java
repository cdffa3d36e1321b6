package adot.core.transport.dot;

import static adot.core.transport.dot.DotTestSupport.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import adot.core.time.TimeSource;
import adot.core.transport.UpstreamReply;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pipelined queries to a server that leaves Nagle's algorithm on: its second reply may leave only once the first is
 * acknowledged, so the client must not sit on that acknowledgement (Linux delays it by 40 ms or more).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "TCP_QUICKACK and the 40 ms delayed ACK are Linux's")
class DotDelayedAckTest extends DotClientFixture {
  @BeforeEach
  void naglingServer() throws IOException {
    try (SocketChannel probe = SocketChannel.open()) {
      assumeTrue(probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK), "no TCP_QUICKACK here");
    }
    server.nagle = true;
  }

  @ParameterizedTest
  @EnumSource(DotTls.Implementation.class)
  void send_pairsPipelinedToANaglingServer_secondReplyDoesNotWaitForADelayedAck(DotTls.Implementation tls)
      throws Exception {
    assumeAvailable(tls);
    client = new DotClient(singleLoop, DotOptions.defaults().withPort(server.port()), TimeSource.system(), tls);
    // One query at a time first: past the kernel's quick-ACK start of a connection, into its interactive mode. (Where
    // a route has quick ACKs on, the test passes without the fix too; it cannot fail falsely.)
    for (int id = 1; id <= 30; id++) {
      reply(client.send(request(id)));
    }

    EventLoop loop = singleLoop.next(); // both queries of a pair leave in one write, as under load
    long fastest = Long.MAX_VALUE;
    for (int pair = 0; pair < 10; pair++) {
      int first = 100 + 2 * pair;
      long start = System.nanoTime();
      List<CompletableFuture<UpstreamReply>> replies = loop.submit(() -> {
        List<CompletableFuture<UpstreamReply>> sent = new ArrayList<>();
        sent.add(client.send(request(first)));
        sent.add(client.send(request(first + 1)));
        return sent;
      }).get(5, TimeUnit.SECONDS);
      for (CompletableFuture<UpstreamReply> r : replies) {
        reply(r);
      }
      fastest = Math.min(fastest, System.nanoTime() - start);
    }

    assertThat(server.connectionsAccepted.get()).isEqualTo(1);
    // The fastest of ten pairs: a stall of the machine can slow some pairs, not all of them. Linux's shortest
    // delayed ACK is 40 ms; without quick ACKs every pair waited for it.
    assertThat(TimeUnit.NANOSECONDS.toMillis(fastest)).as("fastest pair, ms").isLessThan(20);
  }
}
