package adot.testkit;

import static adot.testkit.DefaultUniverse.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Universe life cycle, builder features, ports, logs. */
class UniverseTest {

    @Test
    void twoUniverses_runSideBySideOnDifferentPorts() throws Exception {
        try (Universe a = Universe.startDefault(); Universe b = Universe.startDefault()) {
            assertThat(a.do53Port()).isNotEqualTo(b.do53Port());
            assertThat(a.dotPort()).isNotEqualTo(b.dotPort());
            assertThat(a.do53Port()).isNotEqualTo(a.dotPort());
            for (Universe x : List.of(a, b)) {
                assertThat(Dns.rdata(Dns.ask(x.do53Address(NS_EXAMPLE_COM), false, WWW_EXAMPLE_COM, Type.A),
                        Section.ANSWER, Type.A)).containsExactly(WWW_EXAMPLE_COM_A);
            }
            Dns.ask(a.do53Address(NS_EXAMPLE_NET), false, WWW_EXAMPLE_NET, Type.A);
            assertThat(a.queries()).hasSize(2);
            assertThat(b.queries()).hasSize(1);
        }
    }

    @Test
    void start_isFastOnceTheJvmIsWarm() {
        Universe.startDefault().close(); // warm-up: class loading and the JVM-wide test certificate
        long t0 = System.nanoTime();
        try (Universe u = Universe.startDefault()) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("start time in ms").isLessThan(1000);
            assertThat(u.servers()).hasSize(SERVER_ORDER.length);
        }
    }

    @Test
    void close_releasesThePorts() throws Exception {
        int do53;
        int dot;
        try (Universe first = Universe.startDefault()) {
            do53 = first.do53Port();
            dot = first.dotPort();
        }
        try (Universe again = Universe.builder().defaultZones().do53Port(do53).dotPort(dot).start()) {
            assertThat(again.do53Port()).isEqualTo(do53);
            assertThat(Dns.rdata(Dns.ask(again.do53Address(NS_ROOT_A), true, ".", Type.NS), Section.ANSWER, Type.NS))
                    .hasSize(2);
        }
    }

    @Test
    void forcedPortsInUse_failToStart() {
        try (Universe u = Universe.startDefault()) {
            assertThatThrownBy(() -> Universe.builder().defaultZones().do53Port(u.do53Port()).dotPort(u.dotPort())
                    .start()).isInstanceOf(IllegalStateException.class).hasMessageContaining("bind");
        }
    }

    @Test
    void addressBase_movesEveryServer() {
        try (Universe u = Universe.builder().addressBase("127.53.1.0").defaultZones().start()) {
            assertThat(u.addressOf(NS_ROOT_A).getHostAddress()).isEqualTo("127.53.1.1");
            assertThat(u.serverAt(u.addressOf(NS_BOMB)).name()).isEqualTo(NS_BOMB);
        }
        assertThatThrownBy(() -> Universe.builder().addressBase("10.0.0.0").defaultZones().start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }

    @Test
    void rootHints_parseAsMasterFileAndNameTheRootServers() throws Exception {
        try (Universe u = Universe.startDefault()) {
            List<Record> records = new ArrayList<>();
            try (Master m = new Master(new ByteArrayInputStream(u.rootHints().getBytes(StandardCharsets.US_ASCII)))) {
                Record r;
                while ((r = m.nextRecord()) != null) {
                    records.add(r);
                }
            }
            assertThat(records).filteredOn(r -> r.getType() == Type.NS).extracting(Record::rdataToString)
                    .containsExactly(NS_ROOT_A, NS_ROOT_B);
            assertThat(records).filteredOn(r -> r.getType() == Type.A).extracting(Record::rdataToString)
                    .containsExactlyElementsOf(u.rootServerAddresses().stream().map(InetAddress::getHostAddress)
                            .toList());
        }
    }

    @Test
    void customZones_substituteServerAddresses_andDelegateFromTheirParent() throws Exception {
        String lab = """
                $TTL 3600
                @ SOA ns1.lab.example.com. hostmaster 1 7200 3600 1209600 300
                @ NS ns1.lab.example.com.
                ns1 A ${ns1.lab.example.com}
                printer A 192.0.2.250
                """;
        try (Universe u = Universe.builder().defaultZones()
                .zone("lab.example.com", lab)
                .server("ns1.lab.example.com", true, "lab.example.com")
                .delegate("lab.example.com", "ns1.lab.example.com")
                .start()) {
            String address = u.addressOf("ns1.lab.example.com").getHostAddress();
            assertThat(address).isEqualTo("127.53.0." + (SERVER_ORDER.length + 1));
            Message referral = Dns.ask(u.do53Address(NS_EXAMPLE_COM), false, "printer.lab.example.com.", Type.A);
            assertThat(Dns.rdata(referral, Section.AUTHORITY, Type.NS)).containsExactly("ns1.lab.example.com.");
            assertThat(Dns.rdata(referral, Section.ADDITIONAL, Type.A)).containsExactly(address);
            Message answer = Dns.ask(u.do53Address("ns1.lab.example.com."), false, "ns1.lab.example.com.", Type.A);
            assertThat(Dns.rdata(answer, Section.ANSWER, Type.A)).containsExactly(address);
        }
    }

    @Test
    void badDefinitions_failWithAClearMessage() {
        assertThatThrownBy(() -> Universe.builder().zone("x.", """
                @ SOA ns hm 1 1 1 1 1
                @ NS ns
                ns A ${nobody.example.}
                """).server("ns.x.", false, "x.").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody.example.");
        assertThatThrownBy(() -> Universe.builder().server("ns.x.", false, "x.").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("undefined zone x.");
        assertThatThrownBy(() -> Universe.builder().zone("x.", "@ A 192.0.2.1\n").server("ns.x.", false).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SOA");
        assertThatThrownBy(() -> Universe.builder().fault("ns.nowhere.", Fault.SILENT))
                .isInstanceOf(IllegalArgumentException.class);
        try (Universe u = Universe.startDefault()) {
            assertThatThrownBy(() -> u.server("ns9.example.com")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void dotZones_putEachZoneOnItsOwnDotServer() throws Exception {
        try (Universe u = Universe.builder().defaultZones().dotZones(20).start()) {
            assertThat(u.servers()).hasSize(SERVER_ORDER.length + 20);
            Message referral = Dns.ask(u.do53Address(NS_TEST), false, "www.dot-zone-7.test.", Type.A);
            assertThat(Dns.rdata(referral, Section.AUTHORITY, Type.NS)).containsExactly("ns1.dot-zone-7.test.");
            assertThat(Dns.rdata(referral, Section.ADDITIONAL, Type.A))
                    .containsExactly(u.addressOf("ns1.dot-zone-7.test").getHostAddress());
            SSLContext tls = DotTestClient.trustAll();
            for (int i = 1; i <= 20; i++) {
                String ns = "ns1.dot-zone-" + i + ".test.";
                assertThat(u.server(ns).dotEnabled()).isTrue();
                try (DotTestClient c = new DotTestClient(tls, u.dotAddress(ns), 2000, null, "dot")) {
                    Message m = c.query(Dns.query("dot-zone-" + i + ".test.", Type.TXT));
                    assertThat(Dns.rdata(m, Section.ANSWER, Type.TXT)).containsExactly("dot-zone-" + i + ".test.");
                }
            }
            assertThat(u.dotConnections()).hasSize(20);
        }
    }

    @Test
    void generatedZone_servesFiftyThousandNames() throws Exception {
        try (Universe u = Universe.builder().defaultZones().generatedZone("bench.test.", 50_000, false).start()) {
            Message last = Dns.ask(u.do53Address("ns1.bench.test."), false, "host-49999.bench.test.", Type.A);
            assertThat(last.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(Dns.rdata(last, Section.ANSWER, Type.A))
                    .containsExactly(ZoneGenerator.addressOf(49_999).getHostAddress());
            assertThat(Dns.ask(u.do53Address("ns1.bench.test."), false, "host-50000.bench.test.", Type.A).getRcode())
                    .isEqualTo(org.xbill.DNS.Rcode.NXDOMAIN);
            Message referral = Dns.ask(u.do53Address(NS_TEST), false, "host-1.bench.test.", Type.A);
            assertThat(Dns.rdata(referral, Section.AUTHORITY, Type.NS)).containsExactly("ns1.bench.test.");
        }
    }

    @Test
    void externalDelegation_refersToTheGivenAddress_withoutServingIt() throws Exception {
        InetAddress outside = InetAddress.getByName("127.53.1.7");
        try (Universe u = Universe.builder().defaultZones()
                .externalDelegation("ext.test.", "ns1.ext.test.", outside).start()) {
            Message referral = Dns.ask(u.do53Address(NS_TEST), false, "host-1.ext.test.", Type.A);
            assertThat(Dns.rdata(referral, Section.AUTHORITY, Type.NS)).containsExactly("ns1.ext.test.");
            assertThat(Dns.rdata(referral, Section.ADDITIONAL, Type.A)).containsExactly("127.53.1.7");
            assertThat(u.servers()).extracting(AuthServer::address).doesNotContain(outside);
        }
        InetAddress taken = InetAddress.getByName("127.53.0.1"); // the universe's first server
        assertThatThrownBy(() -> Universe.builder().defaultZones()
                .externalDelegation("ext.test.", "ns1.ext.test.", taken).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clashes");
        assertThatThrownBy(() -> Universe.builder().defaultZones()
                .externalDelegation("ext.test.", NS_TEST, outside))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be external");
        assertThatThrownBy(() -> Universe.builder()
                .externalDelegation("ext.test.", "ns1.ext.test.", outside)
                .defaultZones().server("ns1.ext.test.", false).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be external");
    }

    @Test
    void queryLog_isBoundedAndClearable() throws Exception {
        try (Universe u = Universe.builder().defaultZones().queryLogCapacity(3).start()) {
            for (int i = 0; i < 5; i++) {
                Dns.ask(u.do53Address(NS_EXAMPLE_COM), false, "n" + i + ".example.com.", Type.A);
            }
            assertThat(u.server(NS_EXAMPLE_COM).queries()).extracting(q -> q.qname().toString())
                    .containsExactly("n2.example.com.", "n3.example.com.", "n4.example.com.");
            u.clearLogs();
            assertThat(u.queries()).isEmpty();
        }
    }

    @Test
    void startWithFault_andDelay_fromTheBuilder() throws Exception {
        try (Universe u = Universe.builder().defaultZones().fault(NS_EXAMPLE_NET, Fault.LAME)
                .delay(NS_EXAMPLE_ORG, java.time.Duration.ofMillis(200)).fault(NS_DOT2, Fault.DOT_REFUSED).start()) {
            assertThatThrownBy(() -> {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(u.dotAddress(NS_DOT2), 1000);
                }
            }).isInstanceOf(java.net.ConnectException.class);
            try (DotTestClient c = new DotTestClient(DotTestClient.trustAll(), u.dotAddress(NS_DOT1), 2000, null)) {
                assertThat(c.query(Dns.query(WWW_DOT1_TEST, Type.A)).getRcode()).isZero();
            }
            assertThat(Dns.ask(u.do53Address(NS_EXAMPLE_NET), false, WWW_EXAMPLE_NET, Type.A).getRcode())
                    .isEqualTo(org.xbill.DNS.Rcode.REFUSED);
            assertThat(u.server(NS_EXAMPLE_ORG).delay()).hasMillis(200);
            u.server(NS_EXAMPLE_NET).clearFault();
            u.server(NS_EXAMPLE_ORG).clearFault();
            assertThat(u.server(NS_EXAMPLE_ORG).delay()).isZero();
            u.resetFaults();
            assertThat(u.server(NS_EXAMPLE_NET).faults()).containsExactly(Fault.LAME);
            assertThat(u.server(NS_EXAMPLE_ORG).delay()).hasMillis(200);
        }
    }
}
