package adot.core.transport.dot;

import static adot.core.transport.dot.DotTestSupport.query;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import adot.core.time.TimeSource;
import adot.core.transport.Transport;
import adot.core.transport.UpstreamRequest;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.xbill.DNS.Message;

/** A {@link DotTestServer} on 127.0.0.1 per test and the event loops for it and the client under test. */
abstract class DotClientFixture {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final String SNI = "ns1.example.test";
  static EventLoopGroup serverGroup;
  static EventLoopGroup clientGroup;
  /** One loop, for tests that send from the loop holding the connection, so that their queries share one write. */
  static EventLoopGroup singleLoop;
  static InetAddress loopback;

  /** A DoT query for {@code q<id>.example.test.} with message ID {@code id}, to the test server's address. */
  static UpstreamRequest request(int id) {
    return request(query("q" + id + ".example.test.", id));
  }

  /** {@code query} over DoT to the test server's address, with the usual timeout. */
  static UpstreamRequest request(Message query) {
    return request(query, TIMEOUT);
  }

  static UpstreamRequest request(Message query, Duration timeout) {
    return new UpstreamRequest(loopback, query, Transport.DOT, timeout, SNI);
  }

  DotTestServer server;
  /** The client under test; closed after each test when set. */
  DotClient client;

  @BeforeAll
  static void startGroups() throws IOException {
    serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    clientGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    singleLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    loopback = InetAddress.getByName("127.0.0.1");
  }

  @AfterAll
  static void stopGroups() {
    clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    singleLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The TLS implementation of the clients under test: the shipped choice; a subclass may test the other. */
  DotTls.Implementation tls() {
    return DotTls.Implementation.best();
  }

  /** Skips a test of {@code implementation} where it cannot run (BoringSSL's native library does not load). */
  static void assumeAvailable(DotTls.Implementation implementation) {
    assumeTrue(implementation == DotTls.Implementation.JDK || DotTls.Implementation.best() == implementation,
        "BoringSSL does not load here");
  }

  /** Defaults, aimed at this test's server. */
  DotOptions options() {
    return DotOptions.defaults().withPort(server.port());
  }

  /** A client on {@link #clientGroup} with {@link #tls()}. */
  DotClient client(DotOptions options) {
    return new DotClient(clientGroup, options, TimeSource.system(), tls());
  }

  @BeforeEach
  void startServer() throws Exception {
    server = DotTestServer.start(serverGroup);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }
}
