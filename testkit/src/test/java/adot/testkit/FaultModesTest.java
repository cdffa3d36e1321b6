package adot.testkit;

import static adot.testkit.DefaultUniverse.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/** Each fault mode, seen from a client. */
class FaultModesTest {
    private static Universe u;
    private static final SSLContext TLS = DotTestClient.trustAll();
    /** The first bytes a TLS client sends: a handshake record header (type 22, version 3.1, length 5) and its body. */
    private static final byte[] TLS_HANDSHAKE_RECORD = {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5};

    @BeforeAll
    static void start() {
        u = Universe.startDefault();
    }

    @AfterAll
    static void stop() {
        u.close();
    }

    @AfterEach
    void reset() {
        u.resetFaults();
        u.clearLogs();
    }

    private static Message ask(String server, boolean tcp, String name) throws IOException {
        return Dns.ask(u.do53Address(server), tcp, name, Type.A);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void silent_neverAnswersButLogsTheQuery(boolean tcp) {
        u.server(NS_EXAMPLE_COM).setFault(Fault.SILENT);
        SimpleResolver r = Dns.resolver(u.do53Address(NS_EXAMPLE_COM), tcp, Duration.ofMillis(300));
        assertThatThrownBy(() -> r.send(Dns.query(WWW_EXAMPLE_COM, Type.A))).isInstanceOf(IOException.class);
        assertThat(u.server(NS_EXAMPLE_COM).queries()).singleElement()
                .satisfies(q -> assertThat(q.transport()).isEqualTo(tcp ? QueryTransport.TCP : QueryTransport.UDP));
    }

    @Test
    void deadNameServerOfHalfdead_isSilentUntilCleared_andResetRestoresIt() throws Exception {
        AuthServer dead = u.server(NS_HALFDEAD_2);
        SimpleResolver r = Dns.resolver(u.do53Address(NS_HALFDEAD_2), false, Duration.ofMillis(300));
        assertThatThrownBy(() -> r.send(Dns.query(WWW_HALFDEAD_COM, Type.A))).isInstanceOf(IOException.class);
        assertThat(Dns.rdata(ask(NS_HALFDEAD_1, false, WWW_HALFDEAD_COM), Section.ANSWER, Type.A))
                .containsExactly(WWW_HALFDEAD_COM_A);

        dead.clearFault();
        assertThat(Dns.rdata(ask(NS_HALFDEAD_2, false, WWW_HALFDEAD_COM), Section.ANSWER, Type.A))
                .containsExactly(WWW_HALFDEAD_COM_A);
        u.resetFaults();
        assertThat(dead.faults()).containsExactly(Fault.SILENT);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void slow_delaysEachReply(boolean tcp) throws Exception {
        u.server(NS_EXAMPLE_COM).setDelay(Duration.ofMillis(250));
        long t0 = System.nanoTime();
        Message m = ask(NS_EXAMPLE_COM, tcp, WWW_EXAMPLE_COM);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(Dns.rdata(m, Section.ANSWER, Type.A)).containsExactly(WWW_EXAMPLE_COM_A);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(250);
    }

    @Test
    void slow_delaysDotRepliesToo() throws Exception {
        u.server(NS_DOT1).setDelay(Duration.ofMillis(250));
        try (DotTestClient c = new DotTestClient(TLS, u.dotAddress(NS_DOT1), 3000, null, "dot")) {
            long t0 = System.nanoTime();
            Message m = c.query(Dns.query(WWW_DOT1_TEST, Type.A));
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(250);
            assertThat(Dns.rdata(m, Section.ANSWER, Type.A)).containsExactly(WWW_DOT1_TEST_A);
        }
    }

    @Test
    void truncateUdp_setsTcWithEmptyAnswer_tcpStillAnswers() throws Exception {
        u.server(NS_EXAMPLE_COM).setFault(Fault.TRUNCATE_UDP);
        Message udp = ask(NS_EXAMPLE_COM, false, WWW_EXAMPLE_COM);
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER)).isEmpty();
        assertThat(udp.getQuestion().getName()).isEqualTo(Dns.name(WWW_EXAMPLE_COM));
        Message tcp = ask(NS_EXAMPLE_COM, true, WWW_EXAMPLE_COM);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(Dns.rdata(tcp, Section.ANSWER, Type.A)).containsExactly(WWW_EXAMPLE_COM_A);
    }

    @Test
    void lame_refusesOnEveryTransport() throws Exception {
        u.server(NS_DOT1).setFault(Fault.LAME);
        for (boolean tcp : new boolean[] {false, true}) {
            Message m = ask(NS_DOT1, tcp, WWW_DOT1_TEST);
            assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
        }
        try (DotTestClient c = new DotTestClient(TLS, u.dotAddress(NS_DOT1), 3000, null, "dot")) {
            assertThat(c.query(Dns.query(WWW_DOT1_TEST, Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
        }
    }

    @Test
    void formerrOnEdns_rejectsOptQueriesOnly() throws Exception {
        u.server(NS_EXAMPLE_COM).setFault(Fault.FORMERR_ON_EDNS);
        Message withEdns = ask(NS_EXAMPLE_COM, false, WWW_EXAMPLE_COM);
        assertThat(withEdns.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(withEdns.getOPT()).isNull();

        SimpleResolver plain = Dns.resolver(u.do53Address(NS_EXAMPLE_COM), false, Duration.ofSeconds(2));
        plain.setEDNS(-1);
        Message withoutEdns = plain.send(Dns.query(WWW_EXAMPLE_COM, Type.A));
        assertThat(withoutEdns.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(Dns.rdata(withoutEdns, Section.ANSWER, Type.A)).containsExactly(WWW_EXAMPLE_COM_A);
        assertThat(u.server(NS_EXAMPLE_COM).queries()).extracting(QueryLogEntry::edns).containsExactly(true, false);
    }

    @Test
    void spoof_sendsWrongIdThenWrongQuestionThenTheRealReply() throws Exception {
        AuthServer spoofer = u.server(NS_SPOOF);
        Message query = Dns.query(WWW_SPOOF_TEST, Type.A);
        int id = query.getHeader().getID();
        List<DatagramPacket> received = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(2000);
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length, u.do53Address(NS_SPOOF)));
            for (int i = 0; i < 3; i++) {
                DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
                socket.receive(p);
                received.add(p);
            }
        }
        assertThat(received).allSatisfy(p -> assertThat(p.getAddress()).isEqualTo(spoofer.address()));
        Message first = parse(received.get(0));
        Message second = parse(received.get(1));
        Message real = parse(received.get(2));
        assertThat(first.getHeader().getID()).isNotEqualTo(id);
        assertThat(Dns.rdata(first, Section.ANSWER, Type.A)).containsExactly(AuthServer.FORGED_ADDRESS);
        assertThat(second.getHeader().getID()).isEqualTo(id);
        assertThat(second.getQuestion().getName()).isNotEqualTo(Dns.name(WWW_SPOOF_TEST));
        assertThat(Dns.rdata(second, Section.ANSWER, Type.A)).containsExactly(AuthServer.FORGED_ADDRESS);
        assertThat(real.getHeader().getID()).isEqualTo(id);
        assertThat(real.getQuestion().getName()).isEqualTo(Dns.name(WWW_SPOOF_TEST));
        assertThat(Dns.rdata(real, Section.ANSWER, Type.A)).containsExactly(WWW_SPOOF_TEST_A);
        // Over TCP a spoofer cannot inject: only the real reply.
        assertThat(Dns.rdata(ask(NS_SPOOF, true, WWW_SPOOF_TEST), Section.ANSWER, Type.A))
                .containsExactly(WWW_SPOOF_TEST_A);
    }

    private static Message parse(DatagramPacket p) throws IOException {
        return new Message(Arrays.copyOf(p.getData(), p.getLength()));
    }

    /** A TCP connection to {@code ns}'s DoT port that has sent {@link #TLS_HANDSHAKE_RECORD}; reads time out as given. */
    private static Socket helloTo(String ns, int readTimeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(u.dotAddress(ns), 1000);
            s.setSoTimeout(readTimeoutMillis);
            s.getOutputStream().write(TLS_HANDSHAKE_RECORD);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Test
    void dotBlackHole_acceptsTcpButNeverHandshakes() throws Exception {
        AuthServer server = u.server(NS_BLACKHOLE);
        assertThatThrownBy(() -> new DotTestClient(TLS, u.dotAddress(NS_BLACKHOLE), 300, null, "dot"))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(server.dotConnections()).singleElement().satisfies(c -> {
            assertThat(c.handshakeCompleted()).isNull();
            assertThat(c.handshakeFailure()).isNull();
        });
        // The same server still answers Do53.
        assertThat(Dns.rdata(ask(NS_BLACKHOLE, false, WWW_BLACKHOLE_TEST), Section.ANSWER, Type.A))
                .containsExactly(WWW_BLACKHOLE_TEST_A);
    }

    @Test
    void dotBlackHole_keepsTheConnectionOpen() throws Exception {
        AuthServer server = u.server(NS_DOT2);
        server.setFault(Fault.DOT_BLACK_HOLE);
        try (Socket s = helloTo(NS_DOT2, 300)) {
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(server.dotConnections()).singleElement().satisfies(c -> assertThat(c.open()).isTrue());
        }
        Poll.until(() -> !server.dotConnections().get(0).open(), "the DoT connection is closed", Duration.ofSeconds(2));
    }

    @Test
    void dotBrokenTls_answersTheHelloWithTextAndCloses() throws Exception {
        AuthServer server = u.server(NS_DOT2);
        server.setFault(Fault.DOT_BROKEN_TLS);
        try (Socket s = helloTo(NS_DOT2, 2000)) {
            byte[] all = s.getInputStream().readAllBytes(); // to EOF: the server closed
            assertThat(new String(all, StandardCharsets.US_ASCII)).isEqualTo(NotTlsHandler.REPLY);
        }
        assertThat(server.dotConnections()).singleElement()
                .satisfies(c -> assertThat(c.handshakeCompleted()).isNull());
        assertThatThrownBy(() -> u.server(NS_EXAMPLE_COM).setFault(Fault.DOT_BROKEN_TLS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not DoT-capable");
    }

    @Test
    void dotBrokenDns_handshakesThenRepliesGarbageAndCloses() throws Exception {
        u.server(NS_DOT2).setFault(Fault.DOT_BROKEN_DNS);
        try (DotTestClient c = new DotTestClient(TLS, u.dotAddress(NS_DOT2), 2000, null, "dot")) {
            c.send(Dns.query(WWW_DOT2_TEST, Type.A));
            byte[] frame = c.readFrame();
            assertThatThrownBy(() -> new Message(frame)).isInstanceOf(WireParseException.class);
            assertThatThrownBy(c::readFrame).isInstanceOf(EOFException.class);
        }
        assertThat(u.server(NS_DOT2).dotConnections()).singleElement()
                .satisfies(c -> assertThat(c.handshakeCompleted()).isNotNull());
        assertThat(u.server(NS_DOT2).queries()).singleElement()
                .satisfies(q -> assertThat(q.transport()).isEqualTo(QueryTransport.DOT));
    }

    @Test
    void dotRefused_unbindsTheDotListenerUntilCleared() throws Exception {
        AuthServer server = u.server(NS_DOT2);
        server.setFault(Fault.DOT_REFUSED);
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(u.dotAddress(NS_DOT2), 1000);
            }
        }).isInstanceOf(ConnectException.class);
        assertThat(Dns.rdata(ask(NS_DOT2, true, WWW_DOT2_TEST), Section.ANSWER, Type.A))
                .containsExactly(WWW_DOT2_TEST_A);

        server.clearFault();
        try (DotTestClient c = new DotTestClient(TLS, u.dotAddress(NS_DOT2), 2000, null, "dot")) {
            assertThat(Dns.rdata(c.query(Dns.query(WWW_DOT2_TEST, Type.A)), Section.ANSWER, Type.A))
                    .containsExactly(WWW_DOT2_TEST_A);
        }
    }

    @Test
    void silent_onDotHoldsTheHandshake() {
        u.server(NS_DOT1).setFault(Fault.SILENT);
        assertThatThrownBy(() -> new DotTestClient(TLS, u.dotAddress(NS_DOT1), 300, null, "dot"))
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void dotRefused_onPlainServer_isRejected() {
        assertThatThrownBy(() -> u.server(NS_PLAIN).setFault(Fault.DOT_REFUSED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void faults_combineAndClear() throws Exception {
        AuthServer s = u.server(NS_DOT1);
        s.addFault(Fault.TRUNCATE_UDP);
        s.addFault(Fault.DOT_BLACK_HOLE);
        assertThat(s.faults()).containsExactlyInAnyOrder(Fault.TRUNCATE_UDP, Fault.DOT_BLACK_HOLE);
        s.removeFault(Fault.DOT_BLACK_HOLE);
        assertThat(s.faults()).containsExactly(Fault.TRUNCATE_UDP);
        assertThat(ask(NS_DOT1, false, WWW_DOT1_TEST).getHeader().getFlag(Flags.TC)).isTrue();
        s.clearFault();
        assertThat(s.faults()).isEmpty();
        assertThat(ask(NS_DOT1, false, WWW_DOT1_TEST).getHeader().getFlag(Flags.TC)).isFalse();
    }

    @Test
    void malformedInput_isDroppedAndTheServerKeepsAnswering() throws Exception {
        InetSocketAddress server = u.do53Address(NS_EXAMPLE_COM);
        Message query = Dns.query(WWW_EXAMPLE_COM, Type.A);
        Message response = new Message(7);
        response.getHeader().setFlag(Flags.QR);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(2000);
            for (byte[] junk : List.of(new byte[] {1, 2, 3}, new byte[0], response.toWire(), query.toWire())) {
                socket.send(new DatagramPacket(junk, junk.length, server));
            }
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            socket.receive(p);
            assertThat(parse(p).getHeader().getID()).isEqualTo(query.getHeader().getID());
        }
        try (Socket tcp = new Socket()) {
            tcp.connect(server, 1000);
            tcp.setSoTimeout(2000);
            byte[] wire = query.toWire();
            byte[] bytes = new byte[5 + 2 + wire.length];
            bytes[1] = 3; // a 3-byte frame of junk, then the real query
            bytes[2] = 9;
            bytes[5] = (byte) (wire.length >> 8);
            bytes[6] = (byte) wire.length;
            System.arraycopy(wire, 0, bytes, 7, wire.length);
            tcp.getOutputStream().write(bytes);
            java.io.DataInputStream in = new java.io.DataInputStream(tcp.getInputStream());
            byte[] reply = new byte[in.readUnsignedShort()];
            in.readFully(reply);
            assertThat(new Message(reply).getHeader().getID()).isEqualTo(query.getHeader().getID());
        }
        assertThat(Dns.rdata(ask(NS_EXAMPLE_COM, false, WWW_EXAMPLE_COM), Section.ANSWER, Type.A))
                .containsExactly(WWW_EXAMPLE_COM_A);
    }
}
