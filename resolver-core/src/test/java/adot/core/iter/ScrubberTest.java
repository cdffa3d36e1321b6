package adot.core.iter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ScrubberTest {
  private static final Name COM = n("com.");
  private static final Name EXAMPLE = n("example.com.");

  private static Name n(String s) {
    return Name.fromConstantString(s);
  }

  private static Record a(String name, String ip) {
    try {
      return new ARecord(n(name), DClass.IN, 300, InetAddress.getByName(ip));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static Message reply(String qname, int qtype, boolean aa) {
    Message m = Message.newQuery(Record.newRecord(n(qname), qtype, DClass.IN));
    m.getHeader().setFlag(Flags.QR);
    if (aa) {
      m.getHeader().setFlag(Flags.AA);
    }
    return m;
  }

  @Test
  void scrub_nxdomainAtTheEndOfAChainLongerThanOneReplyIsFollowed_notTakenForTheLastNameFollowed() {
    Message m = reply("a1.example.com.", Type.A, true);
    m.getHeader().setRcode(Rcode.NXDOMAIN);
    for (int i = 1; i <= 14; i++) { // a1 -> a2 -> ... -> a15, which does not exist
      m.addRecord(new CNAMERecord(n("a" + i + ".example.com."), DClass.IN, 300, n("a" + (i + 1) + ".example.com.")),
          Section.ANSWER);
    }
    m.addRecord(new SOARecord(EXAMPLE, DClass.IN, 300, n("ns1.example.com."), n("h.example.com."), 1, 2, 3, 4, 300),
        Section.AUTHORITY);

    ScrubbedReply r = Scrubber.scrub(m, EXAMPLE, n("a1.example.com."), Type.A);

    assertThat(r.chainCut()).isTrue();
    assertThat(r.finalName()).as("a name that has a CNAME itself").isEqualTo(n("a13.example.com."));
    assertThat(ResponseClassifier.classify(r, EXAMPLE)).as("not an NXDOMAIN for a13").isEqualTo(ReplyKind.CNAME);
  }

  @Test
  void scrub_nxdomainAtTheEndOfAShortChain_isNxdomainForItsLastName() {
    Message m = reply("a1.example.com.", Type.A, true);
    m.getHeader().setRcode(Rcode.NXDOMAIN);
    m.addRecord(new CNAMERecord(n("a1.example.com."), DClass.IN, 300, n("a2.example.com.")), Section.ANSWER);
    m.addRecord(new SOARecord(EXAMPLE, DClass.IN, 300, n("ns1.example.com."), n("h.example.com."), 1, 2, 3, 4, 300),
        Section.AUTHORITY);

    ScrubbedReply r = Scrubber.scrub(m, EXAMPLE, n("a1.example.com."), Type.A);

    assertThat(r.chainCut()).isFalse();
    assertThat(r.finalName()).isEqualTo(n("a2.example.com."));
    assertThat(ResponseClassifier.classify(r, EXAMPLE)).isEqualTo(ReplyKind.NXDOMAIN);
  }

  @Test
  void scrub_referralWithTheAaBitSet_isStillAReferral() {
    Message m = reply("www.example.com.", Type.A, true);
    m.addRecord(new NSRecord(EXAMPLE, DClass.IN, 3600, n("ns1.example.com.")), Section.AUTHORITY);
    m.addRecord(a("ns1.example.com.", "192.0.2.1"), Section.ADDITIONAL);

    ScrubbedReply r = Scrubber.scrub(m, COM, n("www.example.com."), Type.A);

    assertThat(ResponseClassifier.classify(r, COM)).as("not an empty answer").isEqualTo(ReplyKind.REFERRAL);
  }

  @Test
  void scrub_referralKeepsInBailiwickGlueOnly() {
    Message m = reply("www.example.com.", Type.A, false);
    m.addRecord(new NSRecord(EXAMPLE, DClass.IN, 3600, n("ns1.example.com.")), Section.AUTHORITY);
    m.addRecord(new NSRecord(EXAMPLE, DClass.IN, 3600, n("ns.example.net.")), Section.AUTHORITY);
    m.addRecord(a("ns1.example.com.", "192.0.2.1"), Section.ADDITIONAL);
    m.addRecord(a("ns.example.net.", "192.0.2.66"), Section.ADDITIONAL); // not the com. server's to say
    m.addRecord(a("unrelated.com.", "192.0.2.99"), Section.ADDITIONAL); // not an NS target

    ScrubbedReply r = Scrubber.scrub(m, COM, n("www.example.com."), Type.A);

    assertThat(r.nameServers()).hasSize(2);
    assertThat(r.glue()).extracting(Record::getName).containsExactly(n("ns1.example.com."));
    assertThat(ResponseClassifier.classify(r, COM)).isEqualTo(ReplyKind.REFERRAL);
  }

  @Test
  void scrub_dropsOutOfBailiwickAnswer() {
    Message m = reply("www.example.com.", Type.A, true);
    m.addRecord(a("www.example.com.", "192.0.2.1"), Section.ANSWER);
    m.addRecord(a("www.victim.org.", "6.6.6.6"), Section.ANSWER);

    ScrubbedReply r = Scrubber.scrub(m, EXAMPLE, n("www.example.com."), Type.A);

    assertThat(r.data()).extracting(Record::getName).containsExactly(n("www.example.com."));
    assertThat(r.dropped()).isEqualTo(1);
  }

  @Test
  void scrub_dropsUnsolicitedAnswerInBailiwick() {
    Message m = reply("www.example.com.", Type.A, true);
    m.addRecord(a("www.example.com.", "192.0.2.1"), Section.ANSWER);
    m.addRecord(a("mail.example.com.", "192.0.2.2"), Section.ANSWER); // not asked, not in a chain

    ScrubbedReply r = Scrubber.scrub(m, EXAMPLE, n("www.example.com."), Type.A);

    assertThat(r.data()).hasSize(1);
  }

  @Test
  void scrub_followsCnameChainInsideZoneOnly() {
    Message m = reply("www.example.com.", Type.A, true);
    m.addRecord(new CNAMERecord(n("www.example.com."), DClass.IN, 300, n("web.example.com.")), Section.ANSWER);
    m.addRecord(new CNAMERecord(n("web.example.com."), DClass.IN, 300, n("cdn.example.net.")), Section.ANSWER);
    m.addRecord(a("cdn.example.net.", "6.6.6.6"), Section.ANSWER); // the example.com server cannot vouch for it

    ScrubbedReply r = Scrubber.scrub(m, EXAMPLE, n("www.example.com."), Type.A);

    assertThat(r.cnameChain()).hasSize(2);
    assertThat(r.finalName()).isEqualTo(n("cdn.example.net."));
    assertThat(r.data()).isEmpty();
    assertThat(ResponseClassifier.classify(r, EXAMPLE)).isEqualTo(ReplyKind.CNAME);
  }

  @Test
  void classify_nodataAndNxdomainNeedAuthority() {
    Message nodata = reply("www.example.com.", Type.AAAA, true);
    nodata.addRecord(new SOARecord(EXAMPLE, DClass.IN, 3600, n("ns1.example.com."), n("h.example.com."),
        1, 2, 3, 4, 300), Section.AUTHORITY);
    ScrubbedReply r = Scrubber.scrub(nodata, EXAMPLE, n("www.example.com."), Type.AAAA);
    assertThat(ResponseClassifier.classify(r, EXAMPLE)).isEqualTo(ReplyKind.NODATA);
    assertThat(r.soa()).isNotNull();

    Message nx = reply("nope.example.com.", Type.A, true);
    nx.getHeader().setRcode(Rcode.NXDOMAIN);
    assertThat(ResponseClassifier.classify(Scrubber.scrub(nx, EXAMPLE, n("nope.example.com."), Type.A), EXAMPLE))
        .isEqualTo(ReplyKind.NXDOMAIN);

    Message nxNotAuth = reply("nope.example.com.", Type.A, false);
    nxNotAuth.getHeader().setRcode(Rcode.NXDOMAIN);
    assertThat(ResponseClassifier.classify(
        Scrubber.scrub(nxNotAuth, EXAMPLE, n("nope.example.com."), Type.A), EXAMPLE)).isEqualTo(ReplyKind.LAME);
  }

  @Test
  void classify_upwardReferralIsLame() {
    Message m = reply("www.example.com.", Type.A, false);
    m.addRecord(new NSRecord(Name.root, DClass.IN, 3600, n("a.root-servers.net.")), Section.AUTHORITY);
    ScrubbedReply r = Scrubber.scrub(m, EXAMPLE, n("www.example.com."), Type.A);
    assertThat(ResponseClassifier.classify(r, EXAMPLE)).isEqualTo(ReplyKind.LAME);
  }

  @Test
  void classify_refusedIsLame() {
    Message m = reply("www.example.com.", Type.A, false);
    m.getHeader().setRcode(Rcode.REFUSED);
    assertThat(ResponseClassifier.classify(Scrubber.scrub(m, EXAMPLE, n("www.example.com."), Type.A), EXAMPLE))
        .isEqualTo(ReplyKind.LAME);
  }

  @Test
  void scrub_dropsNonInClass() {
    Message m = reply("www.example.com.", Type.A, true);
    m.addRecord(Record.newRecord(n("www.example.com."), Type.A, DClass.CH, 300), Section.ANSWER);
    ScrubbedReply r = Scrubber.scrub(m, EXAMPLE, n("www.example.com."), Type.A);
    assertThat(r.data()).isEmpty();
    assertThat(r.dropped()).isEqualTo(1);
  }
}
