package adot.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import adot.testkit.AuthServer;
import adot.testkit.DefaultUniverse;
import adot.testkit.Fault;
import adot.testkit.Universe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** {@link Do53Client} against a server of the default test universe, over UDP and TCP. */
class Do53ClientTest {
  private static final Duration TIMEOUT = Duration.ofMillis(700);
  private static Universe universe;
  private static AuthServer server;
  private static EventLoopGroup group;
  private static Do53Client client;

  @BeforeAll
  static void start() throws Exception {
    universe = Universe.startDefault();
    server = universe.server(DefaultUniverse.NS_EXAMPLE_COM);
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    client = new Do53Client(group, universe.do53Port(), 1232, new SimpleMeterRegistry());
  }

  @AfterEach
  void healthy() {
    server.clearFault();
  }

  @AfterAll
  static void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    universe.close();
  }

  private static UpstreamRequest request(Transport transport) {
    Message query = Message.newQuery(
        Record.newRecord(Name.fromConstantString(DefaultUniverse.WWW_EXAMPLE_COM), Type.A, DClass.IN));
    return new UpstreamRequest(server.address(), query, transport, TIMEOUT, null);
  }

  private static UpstreamReply reply(CompletableFuture<UpstreamReply> future) throws Exception {
    return future.get(5, TimeUnit.SECONDS);
  }

  private static String address(UpstreamReply reply) {
    return ((ARecord) reply.message().getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }

  @Test
  void sendUdp_answers() throws Exception {
    UpstreamReply reply = reply(client.sendUdp(request(Transport.DO53_UDP)));

    assertThat(reply.transport()).isEqualTo(Transport.DO53_UDP);
    assertThat(address(reply)).isEqualTo(DefaultUniverse.WWW_EXAMPLE_COM_A);
    assertThat(reply.rtt()).isPositive();
    assertThat(reply.connectionSetup()).isNull();
  }

  @Test
  void sendUdp_forgedRepliesBeforeTheRealOne_areIgnored() throws Exception {
    server.setFault(Fault.SPOOF);

    UpstreamReply reply = reply(client.sendUdp(request(Transport.DO53_UDP)));

    assertThat(address(reply)).isEqualTo(DefaultUniverse.WWW_EXAMPLE_COM_A);
  }

  @Test
  void sendUdp_silentServer_timesOut() {
    server.setFault(Fault.SILENT);

    Throwable e = catchThrowable(() -> reply(client.sendUdp(request(Transport.DO53_UDP))));

    assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(UpstreamException.class)
        .extracting(c -> ((UpstreamException) c).kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
  }

  @Test
  void sendTcp_answersWithTheConnectAsSetUpAndTheRttFromTheWrite() throws Exception {
    server.setDelay(Duration.ofMillis(300));

    UpstreamReply reply = reply(client.sendTcp(request(Transport.DO53_TCP)));

    assertThat(reply.transport()).isEqualTo(Transport.DO53_TCP);
    assertThat(address(reply)).isEqualTo(DefaultUniverse.WWW_EXAMPLE_COM_A);
    assertThat(reply.connectionSetup()).as("the TCP connect").isNotNull().isPositive();
    assertThat(reply.rtt()).as("the server's delay, after the connect").isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }
}
