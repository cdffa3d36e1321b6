package adot.testkit;

import static adot.testkit.DefaultUniverse.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * TCP and DoT streams: pipelining, connection ids, TLS resumption, ALPN, connection events. The idle timeout has a
 * universe of its own ({@link StreamIdleTimeoutTest}): a short one here would close a test's connection while it
 * waits for its next handshake on a loaded machine.
 */
class StreamTransportTest {
    private static Universe u;

    @BeforeAll
    static void start() {
        u = Universe.builder().defaultZones().start();
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

    private static byte[] framed(Message... queries) {
        List<byte[]> wires = new ArrayList<>();
        int total = 0;
        for (Message q : queries) {
            byte[] w = q.toWire();
            wires.add(w);
            total += 2 + w.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] w : wires) {
            out[at] = (byte) (w.length >> 8);
            out[at + 1] = (byte) w.length;
            System.arraycopy(w, 0, out, at + 2, w.length);
            at += 2 + w.length;
        }
        return out;
    }

    private static Message readFrame(DataInputStream in) throws IOException {
        byte[] body = new byte[in.readUnsignedShort()];
        in.readFully(body);
        return new Message(body);
    }

    @Test
    void tcp_pipelinedQueriesOnOneConnection_areAllAnsweredInOrder() throws Exception {
        Message q1 = Dns.query(WWW_EXAMPLE_COM, Type.A);
        Message q2 = Dns.query(MAIL_EXAMPLE_COM, Type.A);
        try (Socket s = new Socket()) {
            s.connect(u.do53Address(NS_EXAMPLE_COM), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(framed(q1, q2)); // back to back, one write
            DataInputStream in = new DataInputStream(s.getInputStream());
            Message r1 = readFrame(in);
            Message r2 = readFrame(in);
            assertThat(r1.getHeader().getID()).isEqualTo(q1.getHeader().getID());
            assertThat(Dns.rdata(r1, Section.ANSWER, Type.A)).containsExactly(WWW_EXAMPLE_COM_A);
            assertThat(r2.getHeader().getID()).isEqualTo(q2.getHeader().getID());
            assertThat(Dns.rdata(r2, Section.ANSWER, Type.A)).containsExactly(MAIL_EXAMPLE_COM_A);
        }
        List<QueryLogEntry> log = u.server(NS_EXAMPLE_COM).queries();
        assertThat(log).hasSize(2).allSatisfy(q -> assertThat(q.transport()).isEqualTo(QueryTransport.TCP));
        assertThat(log.get(0).connectionId()).isPositive().isEqualTo(log.get(1).connectionId());
        assertThat(log).extracting(QueryLogEntry::id)
                .containsExactly(q1.getHeader().getID(), q2.getHeader().getID());
    }

    @Test
    void tcp_newConnection_getsNewConnectionId_udpHasNone() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (Socket s = new Socket()) { // dnsjava's TCP client would reuse its connection: use raw sockets
                s.connect(u.do53Address(NS_EXAMPLE_COM), 1000);
                s.setSoTimeout(2000);
                s.getOutputStream().write(framed(Dns.query(WWW_EXAMPLE_COM, Type.A)));
                readFrame(new DataInputStream(s.getInputStream()));
            }
        }
        Dns.ask(u.do53Address(NS_EXAMPLE_COM), false, WWW_EXAMPLE_COM, Type.A);
        List<QueryLogEntry> log = u.server(NS_EXAMPLE_COM).queries();
        assertThat(log).extracting(QueryLogEntry::transport)
                .containsExactly(QueryTransport.TCP, QueryTransport.TCP, QueryTransport.UDP);
        assertThat(log.get(0).connectionId()).isNotEqualTo(log.get(1).connectionId());
        assertThat(log.get(2).connectionId()).isZero();
    }

    @Test
    void queryLog_recordsTheQueryFields() throws Exception {
        Message q = Dns.query(WWW_EXAMPLE_COM, Type.AAAA);
        q.getHeader().setFlag(org.xbill.DNS.Flags.RD);
        var r = Dns.resolver(u.do53Address(NS_EXAMPLE_COM), false, Duration.ofSeconds(2));
        r.setEDNS(0, 1400, 0, List.of());
        r.send(q);
        QueryLogEntry e = u.queries().get(0);
        assertThat(e.server()).isEqualTo(NS_EXAMPLE_COM);
        assertThat(e.serverAddress()).isEqualTo(u.addressOf(NS_EXAMPLE_COM));
        assertThat(e.client().getAddress().isLoopbackAddress()).isTrue();
        assertThat(e.client().getPort()).isPositive();
        assertThat(e.qname()).isEqualTo(Dns.name(WWW_EXAMPLE_COM));
        assertThat(e.qtype()).isEqualTo(Type.AAAA);
        assertThat(e.qtypeName()).isEqualTo("AAAA");
        assertThat(e.id()).isEqualTo(q.getHeader().getID());
        assertThat(e.rd()).isTrue();
        assertThat(e.edns()).isTrue();
        assertThat(e.ednsPayloadSize()).isEqualTo(1400);
        assertThat(e.tlsHandshakeDone()).isFalse();
        assertThat(e.time()).isBeforeOrEqualTo(java.time.Instant.now());
    }

    @Test
    void dot_pipelinedQueriesShareTheConnection() throws Exception {
        Message q1 = Dns.query(WWW_DOT1_TEST, Type.A);
        Message q2 = Dns.query("dot1.test.", Type.SOA);
        try (DotTestClient c = new DotTestClient(DotTestClient.trustAll(), u.dotAddress(NS_DOT1), 2000, null,
                "dot")) {
            c.send(q1);
            c.send(q2);
            assertThat(c.read().getHeader().getID()).isEqualTo(q1.getHeader().getID());
            assertThat(c.read().getHeader().getID()).isEqualTo(q2.getHeader().getID());
        }
        List<QueryLogEntry> log = u.server(NS_DOT1).queries();
        assertThat(log).hasSize(2).allSatisfy(q -> {
            assertThat(q.transport()).isEqualTo(QueryTransport.DOT);
            assertThat(q.tlsHandshakeDone()).isTrue();
        });
        assertThat(log.get(0).connectionId()).isEqualTo(log.get(1).connectionId())
                .isEqualTo(u.server(NS_DOT1).dotConnections().get(0).id());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void dot_secondConnectionResumesTheSession(String protocol) throws Exception {
        SSLContext client = DotTestClient.trustAll(); // fresh client session cache
        for (int i = 0; i < 2; i++) {
            try (DotTestClient c = new DotTestClient(client, u.dotAddress(NS_DOT2), 2000, protocol, "dot")) {
                assertThat(Dns.rdata(c.query(Dns.query(WWW_DOT2_TEST, Type.A)), Section.ANSWER, Type.A))
                        .containsExactly(WWW_DOT2_TEST_A);
            }
        }
        List<DotConnectionInfo> connections = u.server(NS_DOT2).dotConnections();
        assertThat(connections).hasSize(2).allSatisfy(c -> assertThat(c.protocol()).isEqualTo(protocol));
        assertThat(connections).extracting(DotConnectionInfo::resumed).containsExactly(false, true);
        assertThat(u.server(NS_DOT2).queries()).extracting(QueryLogEntry::tlsResumed).containsExactly(false, true);
        // Another client (new session cache) gets a full handshake again.
        try (DotTestClient c = new DotTestClient(DotTestClient.trustAll(), u.dotAddress(NS_DOT2), 2000, protocol,
                "dot")) {
            c.query(Dns.query(WWW_DOT2_TEST, Type.A));
        }
        assertThat(u.server(NS_DOT2).dotConnections().get(2).resumed()).isFalse();
    }

    @Test
    void dot_alpnIsDotWhenAskedAndAbsentOtherwise() throws Exception {
        SSLContext tls = DotTestClient.trustAll();
        try (DotTestClient asked = new DotTestClient(tls, u.dotAddress(NS_MIXED_DOT), 2000, null, "dot");
                DotTestClient none = new DotTestClient(tls, u.dotAddress(NS_MIXED_DOT), 2000, null);
                DotTestClient other = new DotTestClient(tls, u.dotAddress(NS_MIXED_DOT), 2000, null, "h2")) {
            assertThat(asked.socket().getApplicationProtocol()).isEqualTo("dot");
            assertThat(none.socket().getApplicationProtocol()).isEmpty();
            assertThat(other.socket().getApplicationProtocol()).isEmpty();
            for (DotTestClient c : List.of(asked, none, other)) {
                assertThat(Dns.rdata(c.query(Dns.query(WWW_MIXED_TEST, Type.A)), Section.ANSWER, Type.A))
                        .containsExactly(WWW_MIXED_TEST_A);
            }
        }
        assertThat(u.server(NS_MIXED_DOT).dotConnections()).extracting(DotConnectionInfo::alpn)
                .containsExactly("dot", null, null);
    }

    @Test
    void dot_connectionEvents_showHowManyWereOpenAtOnce() throws Exception {
        SSLContext tls = DotTestClient.trustAll();
        try (DotTestClient a = new DotTestClient(tls, u.dotAddress(NS_DOT1), 2000, null, "dot");
                DotTestClient b = new DotTestClient(tls, u.dotAddress(NS_DOT1), 2000, null, "dot");
                DotTestClient c = new DotTestClient(tls, u.dotAddress(NS_DOT1), 2000, null, "dot")) {
            for (DotTestClient x : List.of(a, b, c)) {
                x.query(Dns.query(WWW_DOT1_TEST, Type.A));
            }
        }
        try (DotTestClient d = new DotTestClient(tls, u.dotAddress(NS_DOT1), 2000, null, "dot")) {
            d.query(Dns.query(WWW_DOT1_TEST, Type.A));
        }
        AuthServer server = u.server(NS_DOT1);
        Poll.until(() -> server.dotConnections().stream().noneMatch(DotConnectionInfo::open),
                "every DoT connection is closed", Duration.ofSeconds(2));
        List<DotConnectionInfo> connections = u.dotConnections();
        assertThat(connections).hasSize(4).allSatisfy(c -> {
            assertThat(c.handshakeCompleted()).isAfterOrEqualTo(c.accepted());
            assertThat(c.closed()).isAfterOrEqualTo(c.handshakeCompleted());
        });
        assertThat(DotConnectionInfo.maxConcurrent(connections)).isEqualTo(3);
    }
}
