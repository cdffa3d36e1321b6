package adot.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.Answer;
import adot.core.time.FakeTimeSource;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class PacketCacheTest {
  private final FakeTimeSource time = new FakeTimeSource();
  private final PacketCache cache = new PacketCache(1000, 86400, time);
  private final ResponseBuilder responses = new ResponseBuilder(1232);

  private static Message query(String name, int id) {
    Message q = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
    q.getHeader().setID(id);
    q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    return q;
  }

  private byte[] answer(Message q, long ttl) throws Exception {
    Name name = q.getQuestion().getName();
    Answer a = new Answer(Rcode.NOERROR,
        List.of(new ARecord(name, DClass.IN, ttl, InetAddress.getByName("192.0.2.1"))), List.of(), -1, "", false);
    return responses.encode(q, a, false);
  }

  @Test
  void lookup_hitTakesTheQueryIdAndSpellingAndAgesTtls() throws Exception {
    Message first = query("www.example.com.", 1111);
    cache.store(first.toWire(), false, answer(first, 300));
    time.advance(Duration.ofSeconds(100));

    Message second = query("WWW.Example.COM.", 2222);
    byte[] hit = cache.lookup(second.toWire(), false);

    Message m = new Message(hit);
    assertThat(m.getHeader().getID()).isEqualTo(2222);
    assertThat(m.getQuestion().getName().toString()).isEqualTo("WWW.Example.COM.");
    assertThat(m.getSection(Section.ANSWER)).singleElement().satisfies(r -> {
      assertThat(r.getTTL()).isEqualTo(200);
      assertThat(r.rdataToString()).isEqualTo("192.0.2.1");
    });
    assertThat(m.getOPT()).as("OPT kept, its TTL field (flags) untouched").isNotNull();
    assertThat(m.getOPT().getExtendedRcode()).isZero();
  }

  @Test
  void lookup_expiresWithTheSmallestTtl() throws Exception {
    Message q = query("www.example.com.", 1);
    cache.store(q.toWire(), false, answer(q, 30));
    time.advance(Duration.ofSeconds(31));
    assertThat(cache.lookup(q.toWire(), false)).isNull();
  }

  @Test
  void lookup_differentTransportOrFlagsMiss() throws Exception {
    Message q = query("www.example.com.", 1);
    cache.store(q.toWire(), false, answer(q, 300));
    assertThat(cache.lookup(q.toWire(), true)).as("TCP is another key").isNull();

    Message noRd = query("www.example.com.", 1);
    noRd.getHeader().unsetFlag(Flags.RD);
    assertThat(cache.lookup(noRd.toWire(), false)).isNull();
  }

  @Test
  void store_refusesTruncatedServfailAndRecordlessResponses() throws Exception {
    Message q = query("www.example.com.", 1);
    byte[] servfail = responses.encode(q, Answer.servfail(Answer.EDE_OTHER, "x"), false);
    cache.store(q.toWire(), false, servfail);
    assertThat(cache.lookup(q.toWire(), false)).isNull();

    byte[] truncated = answer(q, 300);
    truncated[2] |= 0x02;
    cache.store(q.toWire(), false, truncated);
    assertThat(cache.lookup(q.toWire(), false)).isNull();

    byte[] empty = responses.encode(q, new Answer(Rcode.NOERROR, List.of(), List.of(), -1, "", false), false);
    cache.store(q.toWire(), false, empty);
    assertThat(cache.lookup(q.toWire(), false)).isNull();
  }

  @Test
  void store_negativeAnswerAgesItsSoa() throws Exception {
    Message q = query("nope.example.com.", 7);
    Name zone = Name.fromConstantString("example.com.");
    SOARecord soa = new SOARecord(zone, DClass.IN, 300, Name.fromConstantString("ns1.example.com."),
        Name.fromConstantString("h.example.com."), 1, 2, 3, 4, 300);
    byte[] nx = responses.encode(q, new Answer(Rcode.NXDOMAIN, List.of(), List.of(soa), -1, "", false), false);
    cache.store(q.toWire(), false, nx);
    time.advance(Duration.ofSeconds(10));

    Message m = new Message(cache.lookup(q.toWire(), false));
    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(290);
  }

  @Test
  void store_queryLargerThanTheBound_bypassesTheCache() throws Exception {
    Message big = query("www.example.com.", 1);
    big.removeAllRecords(Section.ADDITIONAL);
    big.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(65001, new byte[600]))),
        Section.ADDITIONAL); // one client changing a large option by a byte per query would fill the cache
    byte[] wire = big.toWire();
    assertThat(wire.length).isGreaterThan(PacketCache.MAX_QUERY_BYTES);

    cache.store(wire, false, answer(big, 300));

    assertThat(cache.lookup(wire, false)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void lookup_ignoresAnythingButPlainQueries() {
    assertThat(cache.lookup(new byte[] {1, 2, 3}, false)).isNull();
    byte[] response = query("www.example.com.", 1).toWire();
    response[2] |= (byte) 0x80; // QR
    assertThat(PacketCache.plainQuestionEnd(response)).isEqualTo(-1);
    byte[] pointerName = {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
    assertThat(PacketCache.plainQuestionEnd(pointerName)).isEqualTo(-1);
  }
}
