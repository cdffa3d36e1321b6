package adot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

class AnswererTest {
    private static final String ZONE = """
            $TTL 3600
            @ SOA ns1 hostmaster 1 7200 3600 1209600 300
            @ NS ns1
            ns1 A 192.0.2.53
            a.b.ent A 192.0.2.7
            *.wild A 192.0.2.42
            *.wc CNAME target
            target A 192.0.2.9
            sub NS ns.sub
            ns.sub A 192.0.2.10
            sub DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
            """;

    private final Answerer answerer = new Answerer(List.of(zone()));

    private static Zone zone() {
        return ZoneTexts.parse(Dns.name("example.com."), ZONE);
    }

    private Message ask(String name, int type) {
        return answerer.answer(Dns.query(name, type));
    }

    @Test
    void answer_emptyNonTerminalIsNodata() {
        Message m = ask("b.ent.example.com.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getHeader().getFlag(Flags.AA)).as("%s", m).isTrue();
        assertThat(Dns.rdata(m, Section.AUTHORITY, Type.SOA)).hasSize(1);
    }

    @Test
    void answer_wildcardTwoLabelsUp() {
        Message m = ask("x.y.wild.example.com.", Type.A);
        assertThat(m.getSection(Section.ANSWER)).singleElement().satisfies(r -> {
            assertThat(r.getName()).isEqualTo(Dns.name("x.y.wild.example.com."));
            assertThat(r.rdataToString()).isEqualTo("192.0.2.42");
        });
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    }

    @Test
    void answer_wildcardCnameIsSynthesizedAndChased() {
        Message m = ask("q.wc.example.com.", Type.A);
        assertThat(m.getSection(Section.ANSWER)).extracting(r -> r.getName() + " " + r.rdataToString())
                .containsExactly("q.wc.example.com. target.example.com.", "target.example.com. 192.0.2.9");
    }

    @Test
    void answer_anyBelowWildcardDoesNotFail() {
        Message m = ask("z.wild.example.com.", Type.ANY);
        assertThat(Dns.rdata(m, Section.ANSWER, Type.A)).containsExactly("192.0.2.42");
    }

    @Test
    void answer_existingNameIsNotCoveredByWildcard() {
        assertThat(ask("wild.example.com.", Type.A).getSection(Section.ANSWER)).isEmpty();
        assertThat(ask("nothing.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void answer_dsAtCutComesFromParent_andOtherTypesAreReferred() {
        Message ds = ask("sub.example.com.", Type.DS);
        assertThat(ds.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(Dns.rdata(ds, Section.ANSWER, Type.DS)).hasSize(1);
        Message a = ask("www.sub.example.com.", Type.A);
        assertThat(a.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(Dns.rdata(a, Section.AUTHORITY, Type.NS)).containsExactly("ns.sub.example.com.");
        assertThat(Dns.rdata(a, Section.ADDITIONAL, Type.A)).containsExactly("192.0.2.10");
    }

    @Test
    void answer_notImplementedOpcodeAndForeignNames() {
        Message notify = Dns.query("example.com.", Type.SOA);
        notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        assertThat(answerer.answer(notify).getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(ask("example.net.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(ask("example.com.", Type.AXFR).getRcode()).isEqualTo(Rcode.REFUSED);
    }
}
