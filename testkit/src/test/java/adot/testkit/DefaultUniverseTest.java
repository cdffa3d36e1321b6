package adot.testkit;

import static adot.testkit.DefaultUniverse.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Every zone case of the default universe, asked directly of its server over UDP and TCP (DoT where served). */
class DefaultUniverseTest {
    private static Universe u;

    @BeforeAll
    static void start() {
        u = Universe.startDefault();
    }

    @AfterAll
    static void stop() {
        u.close();
    }

    private static Message ask(String server, boolean tcp, String name, int type) throws Exception {
        return Dns.ask(u.do53Address(server), tcp, name, type);
    }

    private static void assertAuthoritative(Message m, int rcode) {
        assertThat(m.getRcode()).as("rcode of\n%s", m).isEqualTo(rcode);
        assertThat(m.getHeader().getFlag(Flags.AA)).as("AA of\n%s", m).isTrue();
        assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    }

    private static void assertNegative(Message m, int rcode, String zone) {
        assertAuthoritative(m, rcode);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        List<Record> authority = m.getSection(Section.AUTHORITY);
        assertThat(authority).hasSize(1);
        assertThat(authority.get(0)).isInstanceOf(SOARecord.class);
        assertThat(authority.get(0).getName()).isEqualTo(Dns.name(zone));
        assertThat(authority.get(0).getTTL()).isEqualTo(300);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void addressRecords_answeredAuthoritatively(boolean tcp) throws Exception {
        Message a = ask(NS_EXAMPLE_COM, tcp, WWW_EXAMPLE_COM, Type.A);
        assertAuthoritative(a, Rcode.NOERROR);
        assertThat(Dns.rdata(a, Section.ANSWER, Type.A)).containsExactly(WWW_EXAMPLE_COM_A);
        assertThat(a.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(3600);
        assertThat(a.getOPT()).as("OPT echoed").isNotNull();
        assertThat(a.getOPT().getPayloadSize()).isEqualTo(Responder.SERVER_UDP_PAYLOAD);

        Message aaaa = ask(NS_EXAMPLE_COM, tcp, WWW_EXAMPLE_COM, Type.AAAA);
        assertAuthoritative(aaaa, Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((AAAARecord) r).getAddress())
                        .isEqualTo(InetAddress.getByName(WWW_EXAMPLE_COM_AAAA)));
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void mxAndTxt_answeredWithAdditionalAddress(boolean tcp) throws Exception {
        Message mx = ask(NS_EXAMPLE_COM, tcp, EXAMPLE_COM, Type.MX);
        assertAuthoritative(mx, Rcode.NOERROR);
        assertThat(Dns.rdata(mx, Section.ANSWER, Type.MX)).containsExactly("10 mail.example.com.");
        assertThat(Dns.rdata(mx, Section.ADDITIONAL, Type.A)).containsExactly(MAIL_EXAMPLE_COM_A);

        Message txt = ask(NS_EXAMPLE_COM, tcp, TXT_EXAMPLE_COM, Type.TXT);
        assertAuthoritative(txt, Rcode.NOERROR);
        assertThat(((TXTRecord) txt.getSection(Section.ANSWER).get(0)).getStrings())
                .containsExactly(TXT_EXAMPLE_COM_TEXT);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void negativeAnswers_carrySoaWithMinimumTtl(boolean tcp) throws Exception {
        assertNegative(ask(NS_EXAMPLE_COM, tcp, NXDOMAIN_EXAMPLE_COM, Type.A), Rcode.NXDOMAIN, EXAMPLE_COM);
        assertNegative(ask(NS_EXAMPLE_COM, tcp, V4ONLY_EXAMPLE_COM, Type.AAAA), Rcode.NOERROR, EXAMPLE_COM);
        assertNegative(ask(NS_EXAMPLE_COM, tcp, WWW_EXAMPLE_COM, Type.MX), Rcode.NOERROR, EXAMPLE_COM);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void emptyNonTerminal_isNodataNotNxdomain(boolean tcp) throws Exception {
        assertNegative(ask(NS_EXAMPLE_COM, tcp, ENT_EXAMPLE_COM, Type.A), Rcode.NOERROR, EXAMPLE_COM);
        assertNegative(ask(NS_EXAMPLE_COM, tcp, ENT2_EXAMPLE_COM, Type.A), Rcode.NOERROR, EXAMPLE_COM);
        Message leaf = ask(NS_EXAMPLE_COM, tcp, ENT_LEAF_EXAMPLE_COM, Type.A);
        assertThat(Dns.rdata(leaf, Section.ANSWER, Type.A)).containsExactly(ENT_LEAF_EXAMPLE_COM_A);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void wildcard_synthesizesTheQueriedName(boolean tcp) throws Exception {
        Message m = ask(NS_EXAMPLE_COM, tcp, WILDCARD_EXAMPLE_COM, Type.A);
        assertAuthoritative(m, Rcode.NOERROR);
        Record r = m.getSection(Section.ANSWER).get(0);
        assertThat(r.getName()).isEqualTo(Dns.name(WILDCARD_EXAMPLE_COM));
        assertThat(r.rdataToString()).isEqualTo(WILDCARD_EXAMPLE_COM_A);
        assertThat(Dns.rdata(ask(NS_EXAMPLE_COM, tcp, "x.y.wild.example.com.", Type.TXT), Section.ANSWER, Type.TXT))
                .containsExactly("wildcard");
        assertNegative(ask(NS_EXAMPLE_COM, tcp, WILDCARD_EXAMPLE_COM, Type.AAAA), Rcode.NOERROR, EXAMPLE_COM);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void cnameInZone_isChasedByTheServer(boolean tcp) throws Exception {
        Message m = ask(NS_EXAMPLE_COM, tcp, ALIAS2_EXAMPLE_COM, Type.A);
        assertAuthoritative(m, Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).extracting(r -> r.getName() + " " + Type.string(r.getType()))
                .containsExactly("alias2.example.com. CNAME", "alias.example.com. CNAME", "www.example.com. A");
        Message dangling = ask(NS_EXAMPLE_COM, tcp, DANGLING_EXAMPLE_COM, Type.A);
        assertThat(dangling.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(Dns.rdata(dangling, Section.ANSWER, Type.CNAME)).containsExactly("missing.example.com.");
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void cnameAcrossZones_returnsOnlyTheCname(boolean tcp) throws Exception {
        Message m = ask(NS_EXAMPLE_COM, tcp, CROSS_EXAMPLE_COM, Type.A);
        assertAuthoritative(m, Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).hasSize(1);
        assertThat(Dns.rdata(m, Section.ANSWER, Type.CNAME)).containsExactly(WWW_EXAMPLE_NET);
        Message target = ask(NS_EXAMPLE_NET, tcp, WWW_EXAMPLE_NET, Type.A);
        assertThat(Dns.rdata(target, Section.ANSWER, Type.A)).containsExactly(WWW_EXAMPLE_NET_A);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void cnameLoops_stopAtTheLoop(boolean tcp) throws Exception {
        Message inZone = ask(NS_EXAMPLE_COM, tcp, LOOP1_EXAMPLE_COM, Type.A);
        assertAuthoritative(inZone, Rcode.NOERROR);
        assertThat(Dns.rdata(inZone, Section.ANSWER, Type.CNAME)).containsExactly(LOOP2_EXAMPLE_COM,
                LOOP1_EXAMPLE_COM);
        assertThat(Dns.rdata(ask(NS_EXAMPLE_COM, tcp, LOOP_EXAMPLE_COM, Type.A), Section.ANSWER, Type.CNAME))
                .containsExactly(LOOP_EXAMPLE_NET);
        assertThat(Dns.rdata(ask(NS_EXAMPLE_NET, tcp, LOOP_EXAMPLE_NET, Type.A), Section.ANSWER, Type.CNAME))
                .containsExactly(LOOP_EXAMPLE_COM);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void dname_synthesizesCname(boolean tcp) throws Exception {
        Message m = ask(NS_EXAMPLE_ORG, tcp, WWW_OLD_EXAMPLE_ORG, Type.A);
        assertAuthoritative(m, Rcode.NOERROR);
        assertThat(Dns.rdata(m, Section.ANSWER, Type.DNAME)).containsExactly("example.net.");
        assertThat(Dns.rdata(m, Section.ANSWER, Type.CNAME)).containsExactly(WWW_EXAMPLE_NET);
    }

    @Test
    void shortTtlRecord_hasFiveSeconds() throws Exception {
        Message m = ask(NS_EXAMPLE_COM, false, SHORT_EXAMPLE_COM, Type.A);
        assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(SHORT_EXAMPLE_COM_TTL);
        assertThat(Dns.rdata(m, Section.ANSWER, Type.A)).containsExactly(SHORT_EXAMPLE_COM_A);
    }

    @Test
    void bigTxt_truncatedOverUdp_completeOverTcp() throws Exception {
        Message udp = ask(NS_EXAMPLE_COM, false, BIG_TXT_EXAMPLE_COM, Type.TXT);
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER)).isEmpty();
        assertThat(udp.getOPT()).isNotNull();
        assertThat(udp.toWire().length).isLessThanOrEqualTo(1232);

        Message tcp = ask(NS_EXAMPLE_COM, true, BIG_TXT_EXAMPLE_COM, Type.TXT);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(((TXTRecord) tcp.getSection(Section.ANSWER).get(0)).getStrings()).hasSize(BIG_TXT_STRINGS);
        assertThat(tcp.toWire().length).isGreaterThan(1232);
    }

    @Test
    void withoutEdns_udpLimitIs512AndNoOptIsSent() throws Exception {
        var r = Dns.resolver(u.do53Address(NS_EXAMPLE_COM), false, java.time.Duration.ofSeconds(2));
        r.setEDNS(-1);
        Message small = r.send(Dns.query(WWW_EXAMPLE_COM, Type.A));
        assertThat(small.getOPT()).isNull();
        assertThat(small.getHeader().getFlag(Flags.TC)).isFalse();
        Message apexAny = r.send(Dns.query(BIG_TXT_EXAMPLE_COM, Type.TXT));
        assertThat(apexAny.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(apexAny.getOPT()).isNull();
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void delegations_referWithNsAndGlue(boolean tcp) throws Exception {
        Message root = ask(NS_ROOT_A, tcp, WWW_EXAMPLE_COM, Type.A);
        assertReferral(root, "com.", List.of(NS_COM));
        assertThat(Dns.rdata(root, Section.ADDITIONAL, Type.A))
                .containsExactly(u.addressOf(NS_COM).getHostAddress());

        Message com = ask(NS_COM, tcp, WWW_EXAMPLE_COM, Type.A);
        assertReferral(com, EXAMPLE_COM, List.of(NS_EXAMPLE_COM));
        assertThat(Dns.rdata(com, Section.ADDITIONAL, Type.A))
                .containsExactly(u.addressOf(NS_EXAMPLE_COM).getHostAddress());

        Message halfdead = ask(NS_COM, tcp, WWW_HALFDEAD_COM, Type.A);
        assertReferral(halfdead, "halfdead.com.", List.of(NS_HALFDEAD_1, NS_HALFDEAD_2));
        assertThat(Dns.rdata(halfdead, Section.ADDITIONAL, Type.A)).containsExactlyInAnyOrder(
                u.addressOf(NS_HALFDEAD_1).getHostAddress(), u.addressOf(NS_HALFDEAD_2).getHostAddress());
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void gluelessDelegation_hasNoGlue_andTheNetSideKnowsTheAddress(boolean tcp) throws Exception {
        Message com = ask(NS_COM, tcp, WWW_GLUELESS_COM, Type.A);
        assertReferral(com, "glueless.com.", List.of(NS_GLUELESS));
        assertThat(Dns.rdata(com, Section.ADDITIONAL, Type.A)).isEmpty();
        Message net = ask(NS_EXAMPLE_NET, tcp, NS_GLUELESS, Type.A);
        assertThat(Dns.rdata(net, Section.ANSWER, Type.A)).containsExactly(u.addressOf(NS_GLUELESS).getHostAddress());
        Message answer = ask(NS_GLUELESS, tcp, WWW_GLUELESS_COM, Type.A);
        assertAuthoritative(answer, Rcode.NOERROR);
        assertThat(Dns.rdata(answer, Section.ANSWER, Type.A)).containsExactly(WWW_GLUELESS_COM_A);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void acmeChallenge_isDelegatedSubZone(boolean tcp) throws Exception {
        Message parent = ask(NS_EXAMPLE_COM, tcp, ACME_CHALLENGE_EXAMPLE_COM, Type.TXT);
        assertReferral(parent, ACME_CHALLENGE_EXAMPLE_COM, List.of(NS_ACME));
        assertThat(Dns.rdata(parent, Section.ADDITIONAL, Type.A)).containsExactly(u.addressOf(NS_ACME).getHostAddress());
        Message child = ask(NS_ACME, tcp, ACME_CHALLENGE_EXAMPLE_COM, Type.TXT);
        assertAuthoritative(child, Rcode.NOERROR);
        assertThat(((TXTRecord) child.getSection(Section.ANSWER).get(0)).getStrings()).containsExactly(ACME_TOKEN);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void lameServer_andNamesOutsideItsZones_areRefused(boolean tcp) throws Exception {
        Message lame = ask(NS_LAME, tcp, WWW_LAME_COM, Type.A);
        assertThat(lame.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(lame.getHeader().getFlag(Flags.AA)).isFalse();
        Message outside = ask(NS_EXAMPLE_COM, tcp, WWW_EXAMPLE_NET, Type.A);
        assertThat(outside.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(outside.getSection(Section.ANSWER)).isEmpty();
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void referralBomb_refersToThirtyNameServersInANonExistentDomain(boolean tcp) throws Exception {
        Message m = ask(NS_BOMB, tcp, WWW_ATTACK_BOMB_TEST, Type.A);
        assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
        List<String> ns = Dns.rdata(m, Section.AUTHORITY, Type.NS);
        assertThat(ns).hasSize(BOMB_NS_COUNT).allMatch(n -> n.endsWith("." + NXNS_VICTIM_DOMAIN));
        assertThat(m.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.A)).isEmpty();
        assertNegative(ask(NS_ORG, tcp, "ns1." + NXNS_VICTIM_DOMAIN, Type.A), Rcode.NXDOMAIN, "org.");
        assertThat(Dns.rdata(ask(NS_BOMB, tcp, WWW_BOMB_TEST, Type.A), Section.ANSWER, Type.A))
                .containsExactly(WWW_BOMB_TEST_A);
    }

    @Test
    void rootZone_answersItsNsWithAddresses_andDsAtACutComesFromTheParent() throws Exception {
        Message ns = ask(NS_ROOT_B, false, ".", Type.NS);
        assertAuthoritative(ns, Rcode.NOERROR);
        assertThat(Dns.rdata(ns, Section.ANSWER, Type.NS)).containsExactlyInAnyOrder(NS_ROOT_A, NS_ROOT_B);
        assertThat(Dns.rdata(ns, Section.ADDITIONAL, Type.A)).containsExactlyInAnyOrderElementsOf(
                u.rootServerAddresses().stream().map(a -> a.getHostAddress()).toList());
        assertNegative(ask(NS_COM, false, EXAMPLE_COM, Type.DS), Rcode.NOERROR, "com.");
        Message rootServerName = ask(NS_TEST, false, NS_ROOT_A, Type.A);
        assertThat(Dns.rdata(rootServerName, Section.ANSWER, Type.A))
                .containsExactly(u.addressOf(NS_ROOT_A).getHostAddress());
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void dotZones_answerOverDo53Too(boolean tcp) throws Exception {
        assertThat(Dns.rdata(ask(NS_DOT1, tcp, WWW_DOT1_TEST, Type.A), Section.ANSWER, Type.A))
                .containsExactly(WWW_DOT1_TEST_A);
        assertThat(Dns.rdata(ask(NS_DOT2, tcp, WWW_DOT2_TEST, Type.A), Section.ANSWER, Type.A))
                .containsExactly(WWW_DOT2_TEST_A);
        assertThat(Dns.rdata(ask(NS_PLAIN, tcp, WWW_PLAIN_TEST, Type.A), Section.ANSWER, Type.A))
                .containsExactly(WWW_PLAIN_TEST_A);
        assertThat(Dns.rdata(ask(NS_BLACKHOLE, tcp, WWW_BLACKHOLE_TEST, Type.A), Section.ANSWER, Type.A))
                .containsExactly(WWW_BLACKHOLE_TEST_A);
        for (String server : List.of(NS_MIXED_DOT, NS_MIXED_PLAIN)) {
            assertThat(Dns.rdata(ask(server, tcp, WWW_MIXED_TEST, Type.A), Section.ANSWER, Type.A))
                    .containsExactly(WWW_MIXED_TEST_A);
        }
        Message testTld = ask(NS_TEST, tcp, WWW_DOT1_TEST, Type.A);
        assertReferral(testTld, "dot1.test.", List.of(NS_DOT1));
    }

    @Test
    void dotServers_answerOverDot() throws Exception {
        SSLContext tls = DotTestClient.trustAll();
        record Case(String server, String name, String address) {}
        for (Case c : List.of(new Case(NS_DOT1, WWW_DOT1_TEST, WWW_DOT1_TEST_A),
                new Case(NS_DOT2, WWW_DOT2_TEST, WWW_DOT2_TEST_A),
                new Case(NS_MIXED_DOT, WWW_MIXED_TEST, WWW_MIXED_TEST_A))) {
            try (DotTestClient client = new DotTestClient(tls, u.dotAddress(c.server()), 3000, null, "dot")) {
                Message m = client.query(Dns.query(c.name(), Type.A));
                assertAuthoritative(m, Rcode.NOERROR);
                assertThat(Dns.rdata(m, Section.ANSWER, Type.A)).containsExactly(c.address());
                assertThat(client.socket().getApplicationProtocol()).isEqualTo("dot");
            }
        }
        assertThat(DefaultUniverse.DOT_SERVERS).allMatch(s -> u.server(s).dotEnabled());
    }

    @Test
    void plainOnlyServers_refuseConnectionsOnTheDotPort() {
        for (String plain : List.of(NS_PLAIN, NS_MIXED_PLAIN, NS_EXAMPLE_COM)) {
            assertThat(u.server(plain).dotEnabled()).isFalse();
            InetSocketAddress dot = u.dotAddress(plain);
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(dot, 1000);
                }
            }).as(plain).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void serverOrder_matchesTheDocumentedAddresses() {
        for (int i = 0; i < SERVER_ORDER.length; i++) {
            assertThat(u.addressOf(SERVER_ORDER[i]).getHostAddress()).isEqualTo("127.53.0." + (i + 1));
        }
        assertThat(u.servers()).hasSize(SERVER_ORDER.length);
        assertThat(u.server(NS_HALFDEAD_2).faults()).containsExactly(Fault.SILENT);
        assertThat(u.server(NS_SPOOF).faults()).containsExactly(Fault.SPOOF);
        assertThat(u.server(NS_BLACKHOLE).faults()).containsExactly(Fault.DOT_BLACK_HOLE);
    }

    private static void assertReferral(Message m, String zone, List<String> nameServers) {
        assertThat(m.getRcode()).as("rcode of\n%s", m).isEqualTo(Rcode.NOERROR);
        assertThat(m.getHeader().getFlag(Flags.AA)).as("AA of a referral\n%s", m).isFalse();
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        assertThat(m.getSection(Section.AUTHORITY)).allMatch(r -> r.getName().equals(Dns.name(zone)));
        assertThat(Dns.rdata(m, Section.AUTHORITY, Type.NS)).containsExactlyInAnyOrderElementsOf(nameServers);
    }
}
