package adot.server;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.TimeSource;
import adot.testkit.Poll;
import adot.testkit.Universe;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The daemon in-process against the test universe, spoken to over real UDP and TCP sockets like a client would. */
class DaemonTest {
  static Universe universe;
  @TempDir Path dir;
  Daemon daemon;
  InetSocketAddress dns;

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
    daemon = Daemon.start(TestDaemons.load(TestDaemons.config(universe, dir, "")), TimeSource.system());
    dns = daemon.udpAddresses().get(0);
  }

  @AfterEach
  void stop() {
    daemon.stop();
  }

  private SimpleResolver client(boolean tcp) {
    SimpleResolver r = new SimpleResolver(dns);
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(5));
    return r;
  }

  private static Message query(String name, int type) {
    return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
  }

  @Test
  void udpAndTcp_answerLikeARecursiveResolver() throws Exception {
    for (boolean tcp : new boolean[] {false, true}) {
      Message reply = client(tcp).send(query("www.example.com.", Type.A));
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(reply.getHeader().getFlag(Flags.RA)).isTrue();
      assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
      assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
      assertThat(reply.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.1");
    }
  }

  @Test
  void dig_whereInstalled_getsAnAnswerOverUdpAndTcp() throws Exception {
    boolean haveDig = java.util.stream.Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(d -> java.nio.file.Files.isExecutable(Path.of(d, "dig")));
    org.junit.jupiter.api.Assumptions.assumeTrue(haveDig, "dig is not installed (Debian: dnsutils)");
    for (String transport : new String[] {"+notcp", "+tcp"}) {
      Process p = new ProcessBuilder("dig", "@127.0.0.1", "-p", String.valueOf(dns.getPort()), transport,
          "+time=5", "+tries=1", "www.example.com", "A").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(out).contains("status: NOERROR").contains("192.0.2.1").contains("flags: qr rd ra");
    }
  }

  @Test
  void bigAnswer_truncatedOverUdpCompleteOverTcp() throws Exception {
    Message q = query("big.example.com.", Type.TXT);
    q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    byte[] udpReply = udpExchange(q.toWire(), Duration.ofSeconds(5));
    Message udp = new Message(udpReply);
    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(udpReply.length).isLessThanOrEqualTo(1232);

    byte[] plain = udpExchange(query("big.example.com.", Type.TXT).toWire(), Duration.ofSeconds(5));
    assertThat(new Message(plain).getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(plain.length).as("no EDNS: 512 bytes at most").isLessThanOrEqualTo(512);

    Message tcp = client(true).send(query("big.example.com.", Type.TXT));
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).isNotEmpty();
  }

  @Test
  void nxdomainCarriesSoa() throws Exception {
    Message reply = client(false).send(query("nope.example.com.", Type.A));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);
  }

  @Test
  void servfailCarriesExtendedErrorForEdnsClients() throws Exception {
    Message q = query("www.lame.com.", Type.A);
    q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    Message reply = client(false).send(q);
    assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(reply.getOPT().getOptions()).anySatisfy(o -> assertThat(o.getCode()).isEqualTo(15));
  }

  @Test
  void malformedPackets_areDroppedCountedAndTheDaemonKeepsAnswering() throws Exception {
    Random random = new Random(42);
    byte[] garbage = new byte[300];
    random.nextBytes(garbage);
    byte[] shortHeader = {0x12, 0x34, 0x01};
    byte[] hugeQdcount = {0x12, 0x34, 0x01, 0x00, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0};
    // question name is a compression pointer to itself (offset 12)
    byte[] pointerLoop = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0x0c, 0, 1, 0, 1};

    for (byte[] bad : new byte[][] {garbage, shortHeader, hugeQdcount, pointerLoop}) {
      assertThat(udpExchange(bad, Duration.ofMillis(300))).as("no answer to garbage").isNull();
      assertThat(tcpExchange(bad)).as("no answer to garbage over TCP").isNull();
    }

    assertThat(counter("adot.questions.malformed")).isEqualTo(8);
    assertThat(client(false).send(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(client(true).send(query("www.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void wrongButParseableQueries_getFormerrNotimpOrAreDropped() throws Exception {
    Message noQuestion = new Message();
    assertThat(new Message(udpExchange(noQuestion.toWire(), Duration.ofSeconds(2))).getRcode())
        .isEqualTo(Rcode.FORMERR);

    Message two = query("www.example.com.", Type.A);
    two.addRecord(Record.newRecord(Name.fromConstantString("mail.example.com."), Type.A, DClass.IN),
        Section.QUESTION);
    assertThat(new Message(udpExchange(two.toWire(), Duration.ofSeconds(2))).getRcode()).isEqualTo(Rcode.FORMERR);

    Message notify = query("example.com.", Type.SOA);
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    assertThat(new Message(udpExchange(notify.toWire(), Duration.ofSeconds(2))).getRcode())
        .isEqualTo(Rcode.NOTIMP);

    Message response = query("www.example.com.", Type.A);
    response.getHeader().setFlag(Flags.QR);
    assertThat(udpExchange(response.toWire(), Duration.ofMillis(300))).as("QR=1 is dropped").isNull();

    Message twoOpts = query("www.example.com.", Type.A);
    twoOpts.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    twoOpts.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    assertThat(new Message(udpExchange(twoOpts.toWire(), Duration.ofSeconds(2))).getRcode())
        .as("RFC 6891 §6.1.1").isEqualTo(Rcode.FORMERR);

    Message noRecursion = query("www.example.com.", Type.A);
    noRecursion.getHeader().unsetFlag(Flags.RD);
    assertThat(new Message(udpExchange(noRecursion.toWire(), Duration.ofSeconds(2))).getRcode())
        .as("RD=0: a look into the cache, refused").isEqualTo(Rcode.REFUSED);

    Message axfr = query("example.com.", Type.AXFR);
    assertThat(new Message(udpExchange(axfr.toWire(), Duration.ofSeconds(2))).getRcode())
        .isEqualTo(Rcode.REFUSED);
  }

  @Test
  void metricsEndpoint_servesPrometheusText() throws Exception {
    client(false).send(query("www.example.com.", Type.A));
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.metricsAddress().getPort() + "/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("adot_questions_total{transport=\"udp\"}")
        .contains("adot_answers_total{rcode=\"noerror\"}")
        .contains("adot_cache_misses_total")
        .contains("adot_answer_latency_seconds_bucket")
        .contains("adot_outgoing_queries_seconds_count{transport=\"do53-udp\"}")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void acl_clientsOutsideAllowFromGetNothingOverUdpAndRefusedOverTcp() throws Exception {
    daemon.stop();
    daemon = Daemon.start(TestDaemons.load(TestDaemons.config(universe, dir,
        "incoming.allow-from = [\"127.0.0.9/32\"]")), TimeSource.system());
    dns = daemon.udpAddresses().get(0);
    byte[] q = query("www.example.com.", Type.A).toWire();

    assertThat(udpExchange(q, Duration.ofMillis(500))).as("UDP from 127.0.0.1: silence").isNull();
    Message tcp = new Message(tcpExchange(q));
    assertThat(tcp.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(counter("adot.questions.unauthorized")).isEqualTo(2);

    try (DatagramSocket allowed = new DatagramSocket(new InetSocketAddress("127.0.0.9", 0))) {
      allowed.setSoTimeout(5000);
      allowed.send(new DatagramPacket(q, q.length, dns));
      DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
      allowed.receive(in);
      assertThat(new Message(java.util.Arrays.copyOf(in.getData(), in.getLength())).getRcode())
          .isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void tcp_pipelinedQueriesAreAnsweredOutOfOrder() throws Exception {
    client(false).send(query("www.example.com.", Type.A)); // cached from now on
    universe.server("ns1.example.net").setDelay(Duration.ofMillis(300));
    try (Socket s = new Socket()) {
      s.connect(daemon.tcpAddresses().get(0), 2000);
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      Message slow = query("www.example.net.", Type.A);
      Message fast = query("www.example.com.", Type.A);
      for (Message m : new Message[] {slow, fast}) {
        byte[] wire = m.toWire();
        out.writeShort(wire.length);
        out.write(wire);
      }
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      int[] ids = new int[2];
      for (int i = 0; i < 2; i++) {
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        ids[i] = new Message(reply).getHeader().getID();
      }
      assertThat(ids).containsExactly(fast.getHeader().getID(), slow.getHeader().getID());
    } finally {
      universe.server("ns1.example.net").setDelay(Duration.ZERO);
    }
  }

  @Test
  void backPressure_questionsBeyondTheResolutionBoundAreDroppedAndCounted() throws Exception {
    daemon.stop();
    daemon = Daemon.start(TestDaemons.load(TestDaemons.config(universe, dir,
        "incoming.max-concurrent-resolutions = 1")), TimeSource.system());
    dns = daemon.udpAddresses().get(0);
    universe.server("ns1.example.net").setDelay(Duration.ofMillis(200));
    try {
      var slow = askSlowNameOverUdpAndAwaitItInFlight();
      byte[] second = query("mail.example.net.", Type.A).toWire();
      assertThat(udpExchange(second, Duration.ofMillis(100))).as("over the bound: dropped").isNull();
      assertThat(counter("adot.questions.dropped")).isEqualTo(1);
      assertThat(slow.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Rcode.NOERROR);
    } finally {
      universe.server("ns1.example.net").setDelay(Duration.ZERO);
    }
  }

  @Test
  void stop_questionInFlightOverUdp_isStillAnswered() throws Exception {
    universe.server("ns1.example.net").setDelay(Duration.ofMillis(300));
    try {
      var inFlight = askSlowNameOverUdpAndAwaitItInFlight();

      daemon.stop(); // waits for questions in flight, up to its grace

      assertThat(inFlight.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Rcode.NOERROR);
    } finally {
      universe.server("ns1.example.net").setDelay(Duration.ZERO);
    }
  }

  @Test
  void udp_severalThreadsShareTheListenAddress() throws Exception {
    daemon.stop();
    daemon = Daemon.start(TestDaemons.load(TestDaemons.config(universe, dir, "recursor.threads = 3")),
        TimeSource.system());
    dns = daemon.udpAddresses().get(0);
    for (int i = 0; i < 30; i++) { // fresh source ports: the kernel hashes them across the three sockets
      byte[] reply = udpExchange(query("www.example.com.", Type.A).toWire(), Duration.ofSeconds(5));
      assertThat(reply).isNotNull();
      assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void packetCache_repeatedQuestionIsAnsweredWithoutResolvingAndWipeClearsIt() throws Exception {
    client(false).send(query("www.example.com.", Type.A));
    double before = counter("adot.cache.hits") + counter("adot.cache.misses");
    Message again = client(false).send(query("www.example.com.", Type.A));
    assertThat(again.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.1");
    assertThat(counter("adot.packetcache.hits")).isEqualTo(1);
    assertThat(counter("adot.cache.hits") + counter("adot.cache.misses")).as("the resolver was not asked")
        .isEqualTo(before);

    daemon.resolver().wipeCache(Name.fromConstantString("example.com."), true);
    daemon.clearPacketCache();
    universe.clearLogs();
    client(false).send(query("www.example.com.", Type.A));
    assertThat(universe.server("ns1.example.com").queries()).as("asked upstream again").isNotEmpty();
  }

  @Test
  void ednsDoBitIsEchoedAndMetaTypesAreFormerr() throws Exception {
    Message q = query("www.example.com.", Type.A);
    q.addRecord(new OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO), Section.ADDITIONAL);
    Message reply = client(false).send(q);
    assertThat(reply.getOPT().getFlags() & org.xbill.DNS.ExtendedFlags.DO).isNotZero();

    Message meta = query("www.example.com.", Type.TKEY);
    assertThat(new Message(udpExchange(meta.toWire(), Duration.ofSeconds(2))).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void tcp_idleConnectionsAreClosed() throws Exception {
    daemon.stop();
    daemon = Daemon.start(TestDaemons.load(TestDaemons.config(universe, dir,
        "incoming.tcp-idle-timeout = 300ms")), TimeSource.system());
    try (Socket s = new Socket()) {
      s.connect(daemon.tcpAddresses().get(0), 2000);
      s.setSoTimeout(3000);
      long start = System.nanoTime();
      assertThat(s.getInputStream().read()).as("EOF from the server").isEqualTo(-1);
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(200L, 2900L);
    }
  }

  private double counter(String name) {
    return daemon.registry().get(name).counter().count();
  }

  private byte[] udpExchange(byte[] packet, Duration wait) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      s.setSoTimeout((int) wait.toMillis());
      s.send(new DatagramPacket(packet, packet.length, dns));
      byte[] buf = new byte[65535];
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        s.receive(in);
      } catch (SocketTimeoutException e) {
        return null;
      }
      return java.util.Arrays.copyOf(buf, in.getLength());
    }
  }

  /** Asks www.example.net (its server delayed by the test) over UDP from another thread; returns once it resolves. */
  private java.util.concurrent.CompletableFuture<Integer> askSlowNameOverUdpAndAwaitItInFlight() throws Exception {
    var reply = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return client(false).send(query("www.example.net.", Type.A)).getRcode();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Poll.until(() -> daemon.registry().get("adot.questions.resolving").gauge().value() >= 1,
        "the question is in flight", Duration.ofSeconds(5));
    return reply;
  }

  /** Sends one length-prefixed packet; returns the reply or null if the server closed or stayed silent. */
  private byte[] tcpExchange(byte[] packet) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(daemon.tcpAddresses().get(0), 2000);
      s.setSoTimeout(300);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(packet.length);
      out.write(packet);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      try {
        int len = in.readUnsignedShort();
        byte[] reply = new byte[len];
        in.readFully(reply);
        return reply;
      } catch (SocketTimeoutException | java.io.EOFException e) {
        return null;
      }
    }
  }
}
