package adot.server;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.TimeSource;
import adot.testkit.Universe;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The daemon's TCP listener against clients that misbehave: bursts, clients that never read, disallowed clients. */
class TcpListenerTest {
  static Universe universe;
  @TempDir Path dir;
  Daemon daemon;

  @BeforeAll
  static void startUniverse() {
    universe = Universe.startDefault();
  }

  @AfterAll
  static void stopUniverse() {
    universe.close();
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.stop();
    }
    universe.server("ns1.example.net").setDelay(Duration.ZERO);
  }

  private void start(String extra) throws Exception {
    daemon = Daemon.start(TestDaemons.load(TestDaemons.config(universe, dir, extra)), TimeSource.system());
  }

  private static byte[] framed(String name, int type, int id) {
    Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
    m.getHeader().setID(id);
    byte[] wire = m.toWire();
    byte[] framed = new byte[wire.length + 2];
    framed[0] = (byte) (wire.length >>> 8);
    framed[1] = (byte) wire.length;
    System.arraycopy(wire, 0, framed, 2, wire.length);
    return framed;
  }

  private double resolving() {
    return daemon.registry().get("adot.questions.resolving").gauge().value();
  }

  @Test
  void burstInOneWrite_neverMoreResolvingThanTheBoundAndEveryQueryAnswered() throws Exception {
    start("incoming.max-tcp-queries-in-flight = 4");
    universe.server("ns1.example.net").setDelay(Duration.ofMillis(50));
    int queries = 24;
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int i = 0; i < queries; i++) {
      burst.write(framed("q" + i + ".example.net.", Type.A, i)); // distinct names: each is a resolution of its own
    }
    AtomicLong mostResolving = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler = new Thread(() -> { // the gauge, every millisecond, for as long as the burst is being answered
      while (!done.get()) {
        mostResolving.accumulateAndGet((long) resolving(), Math::max);
        LockSupport.parkNanos(1_000_000);
      }
    });
    sampler.start();
    try (Socket s = new Socket()) {
      s.connect(daemon.tcpAddresses().get(0), 2000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(burst.toByteArray()); // one write: the daemon decodes them all from one read
      s.getOutputStream().flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (int i = 0; i < queries; i++) {
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        assertThat(new Message(reply).getRcode()).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
      }
    } finally {
      done.set(true);
      sampler.join();
    }
    assertThat(mostResolving.get()).as("resolving at once").isBetween(1L, 4L);
  }

  @Test
  void clientThatNeverReads_isNotReadOnOrIsCutOff_andOthersAreStillServed() throws Exception {
    start("");
    byte[] query = framed("big.example.com.", Type.TXT, 1);
    ByteBuffer many = ByteBuffer.allocate(query.length * 1000);
    for (int i = 0; i < 1000; i++) {
      many.put(query);
    }
    long limit = 64L << 20; // without back-pressure the daemon reads on, and queues answers nobody reads
    long written = 0;
    try (SocketChannel ch = SocketChannel.open()) {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
      ch.connect(daemon.tcpAddresses().get(0));
      ch.configureBlocking(false);
      long stalledSince = System.nanoTime();
      while (written < limit && System.nanoTime() - stalledSince < Duration.ofSeconds(2).toNanos()) {
        many.rewind();
        int n;
        try {
          n = ch.write(many);
        } catch (java.io.IOException cutOff) {
          break; // the daemon closed the connection: more queries waiting than it keeps
        }
        if (n > 0) {
          written += n;
          stalledSince = System.nanoTime();
        } else {
          Thread.sleep(10);
        }
      }
    }
    // The socket buffers on both sides hold a few MB at most: the daemon stopped reading long before the limit.
    assertThat(written).isLessThan(limit);
    try (Socket s = new Socket()) {
      s.connect(daemon.tcpAddresses().get(0), 2000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(framed("www.example.com.", Type.A, 7));
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void clientOutsideAllowFrom_isRefusedOnceAndTheConnectionClosed() throws Exception {
    start("incoming.allow-from = [\"127.0.0.9/32\"]");
    try (Socket s = new Socket()) {
      s.connect(daemon.tcpAddresses().get(0), 2000);
      s.setSoTimeout(5000);
      ByteArrayOutputStream two = new ByteArrayOutputStream();
      two.write(framed("www.example.com.", Type.A, 1));
      two.write(framed("www.example.com.", Type.AAAA, 2));
      s.getOutputStream().write(two.toByteArray());
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);

      assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.REFUSED);
      int next;
      try {
        next = in.read();
      } catch (java.net.SocketException reset) {
        next = -1; // closed with our second query unread: a reset rather than a FIN
      }
      assertThat(next).as("closed: a disallowed client holds no connection slot").isEqualTo(-1);
    }
  }

  @Test
  void clientOutsideAllowFromWithoutRefused_isClosedAtAccept() throws Exception {
    start("incoming.allow-from = [\"127.0.0.9/32\"]\nincoming.refuse-disallowed-tcp = false");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", daemon.tcpAddresses().get(0).getPort()), 2000);
      s.setSoTimeout(5000);
      int first;
      try {
        s.getOutputStream().write(framed("www.example.com.", Type.A, 1));
        first = s.getInputStream().read();
      } catch (java.net.SocketException reset) {
        first = -1; // closed before our write arrived: a reset (a timeout, left open, fails the test)
      }
      assertThat(first).isEqualTo(-1);
    }
    assertThat(daemon.registry().get("adot.questions.unauthorized").counter().count()).isEqualTo(1);
  }
}
