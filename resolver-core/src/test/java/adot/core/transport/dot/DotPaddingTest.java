package adot.core.transport.dot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DotPaddingTest {

  @Test
  void toPaddedWire_ednsQueriesOfManyLengths_multipleOf128() throws IOException {
    for (int labelLength = 1; labelLength <= 63; labelLength++) {
      Message query = query("a".repeat(labelLength) + ".example.test.");
      query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);

      byte[] wire = DotPadding.toPaddedWire(query);

      assertThat(wire.length % DotPadding.BLOCK).as("label length %d", labelLength).isZero();
      assertThat(new Message(wire).getQuestion()).isEqualTo(query.getQuestion());
    }
  }

  @Test
  void toPaddedWire_queryWithoutOpt_unchanged() throws IOException {
    Message query = query("www.example.test.");

    assertThat(DotPadding.toPaddedWire(query)).isEqualTo(query.toWire());
  }

  @Test
  void toPaddedWire_existingOptionsAndFlags_keptAndOldPaddingReplaced() throws IOException {
    Message query = query("www.example.test.");
    EDNSOption cookie = new GenericEDNSOption(EDNSOption.Code.COOKIE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    EDNSOption oldPadding = new GenericEDNSOption(EDNSOption.Code.PADDING, new byte[300]);
    query.addRecord(new OPTRecord(1400, 0, 0, Flags.DO, List.of(cookie, oldPadding)), Section.ADDITIONAL);
    byte[] before = query.toWire();

    byte[] wire = DotPadding.toPaddedWire(query);

    assertThat(wire.length).isEqualTo(128);
    OPTRecord opt = new Message(wire).getOPT();
    assertThat(opt.getPayloadSize()).isEqualTo(1400);
    assertThat(opt.getFlags()).isEqualTo(Flags.DO);
    assertThat(opt.getOptions(EDNSOption.Code.COOKIE)).hasSize(1);
    assertThat(opt.getOptions(EDNSOption.Code.PADDING)).hasSize(1);
    assertThat(query.toWire()).as("caller's message untouched").isEqualTo(before);
  }

  @Test
  void toPaddedWire_cookieAndDoFlag_paddedOnTheWireWithEverythingKept() throws IOException {
    for (int labelLength = 1; labelLength <= 63; labelLength += 7) {
      Message query = query("b".repeat(labelLength) + ".example.test.");
      EDNSOption cookie = new GenericEDNSOption(EDNSOption.Code.COOKIE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      query.addRecord(new OPTRecord(1232, 0, 0, Flags.DO, List.of(cookie)), Section.ADDITIONAL);
      byte[] unpadded = query.toWire();

      byte[] wire = DotPadding.toPaddedWire(query);

      assertThat(DotPadding.padAfterLastRecord(unpadded)).as("the wire-level path made it").isEqualTo(wire);
      assertThat(wire).as("what the message-level path makes").isEqualTo(paddedByDnsjava(query, cookie));
      assertThat(wire.length % DotPadding.BLOCK).isZero();
      assertThat(Arrays.copyOfRange(wire, 0, 12)).as("header").isEqualTo(Arrays.copyOfRange(unpadded, 0, 12));
      Message parsed = new Message(wire);
      assertThat(parsed.getQuestion()).isEqualTo(query.getQuestion());
      OPTRecord opt = parsed.getOPT();
      assertThat(opt.getPayloadSize()).isEqualTo(1232);
      assertThat(opt.getFlags()).isEqualTo(Flags.DO);
      assertThat(opt.getOptions(EDNSOption.Code.COOKIE)).containsExactly(cookie);
      assertThat(opt.getOptions(EDNSOption.Code.PADDING)).singleElement()
          .satisfies(p -> assertThat(Arrays.copyOfRange(p.toWire(), 4, p.toWire().length))
              .hasSize(wire.length - unpadded.length - 4).containsOnly(0));
    }
  }

  @Test
  void toPaddedWire_optNotTheLastRecord_stillPadded() throws IOException {
    Message query = query("www.example.test.");
    query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    query.addRecord(new ARecord(Name.fromString("glue.example.test."), DClass.IN, 60,
        InetAddress.getByName("192.0.2.1")), Section.ADDITIONAL);
    assertThat(DotPadding.padAfterLastRecord(query.toWire())).as("the wire-level path declines").isNull();

    byte[] wire = DotPadding.toPaddedWire(query);

    assertThat(wire.length % DotPadding.BLOCK).isZero();
    Message parsed = new Message(wire);
    assertThat(parsed.getOPT().getOptions(EDNSOption.Code.PADDING)).hasSize(1);
    assertThat(parsed.getSection(Section.ADDITIONAL)).hasSize(2);
  }

  @Test
  void padAfterLastRecord_truncatedOrGarbage_null() throws IOException {
    Message query = query("www.example.test.");
    query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    byte[] wire = query.toWire();

    assertThat(DotPadding.padAfterLastRecord(Arrays.copyOf(wire, wire.length - 1))).isNull();
    assertThat(DotPadding.padAfterLastRecord(new byte[5])).isNull();
    byte[] badLabel = wire.clone();
    badLabel[12] = (byte) 0x80; // a label type that does not exist
    assertThat(DotPadding.padAfterLastRecord(badLabel)).isNull();
    assertThat(DotPadding.padAfterLastRecord(Arrays.copyOf(wire, wire.length + 1))).as("a byte after OPT").isNull();
    Message ownerNotRoot = query("www.example.test.");
    ownerNotRoot.addRecord(new ARecord(Name.fromString("glue.example.test."), DClass.IN, 60,
        InetAddress.getByName("192.0.2.1")), Section.ADDITIONAL);
    assertThat(DotPadding.padAfterLastRecord(ownerNotRoot.toWire())).as("last record not OPT").isNull();
    assertThat(DotPadding.padAfterLastRecord(wire)).isNotNull();
  }

  /** The same query padded by dnsjava itself: an OPT record built with the Padding option after the cookie. */
  private static byte[] paddedByDnsjava(Message query, EDNSOption cookie) {
    OPTRecord opt = query.getOPT();
    int unpadded = query.toWire().length;
    int pad = Math.floorMod(-(unpadded + 4), DotPadding.BLOCK);
    Message copy = query.clone();
    copy.removeRecord(opt, Section.ADDITIONAL);
    copy.addRecord(new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(), opt.getFlags(),
        List.of(cookie, new GenericEDNSOption(EDNSOption.Code.PADDING, new byte[pad]))), Section.ADDITIONAL);
    return copy.toWire();
  }

  private static Message query(String name) throws IOException {
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    query.getHeader().setID(1);
    return query;
  }
}
