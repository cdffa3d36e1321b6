package adot.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class WireWalkTest {

  @Test
  void recordStarts_responseWithAnswersAndOpt_startOfEachRecordInOrder() throws IOException {
    Name www = Name.fromString("www.example.test.");
    Message m = Message.newQuery(Record.newRecord(www, Type.A, DClass.IN));
    m.addRecord(new ARecord(www, DClass.IN, 300, InetAddress.getByName("192.0.2.1")), Section.ANSWER);
    m.addRecord(new ARecord(www, DClass.IN, 300, InetAddress.getByName("192.0.2.2")), Section.ANSWER);
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    byte[] wire = m.toWire();

    int[] starts = WireWalk.recordStarts(wire);

    assertThat(starts).hasSize(3);
    int question = 12 + www.length() + 4;
    assertThat(starts[0]).isEqualTo(question);
    // each answer's owner is a 2-byte pointer to the question's name: 2 + 10 + 4 bytes of A data
    assertThat(starts[1]).isEqualTo(question + 16);
    assertThat(starts[2]).isEqualTo(question + 32);
    assertThat(WireWalk.u16(wire, starts[2] + 1)).as("type of the last record").isEqualTo(Type.OPT);
    assertThat(starts[2] + 11).isEqualTo(wire.length);
  }

  @Test
  void recordStarts_cutShortOrBadLabel_null() throws IOException {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN));
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    byte[] wire = m.toWire();
    assertThat(WireWalk.recordStarts(wire)).hasSize(1);

    for (int cut = 0; cut < wire.length; cut++) {
      assertThat(WireWalk.recordStarts(Arrays.copyOf(wire, cut))).as("cut at %d", cut).isNull();
    }
    byte[] badLabel = wire.clone();
    badLabel[12] = (byte) 0x80;
    assertThat(WireWalk.recordStarts(badLabel)).isNull();
    byte[] tooManyRecords = wire.clone();
    tooManyRecords[10] = (byte) 0xFF; // ARCOUNT 65281: more records than the bytes can hold
    assertThat(WireWalk.recordStarts(tooManyRecords)).isNull();
  }

  @Test
  void skipName_labelsPointerOrCutShort_offsetAfterOrMinusOne() {
    byte[] m = {3, 'w', 'w', 'w', 0, (byte) 0xC0, 0, 5};
    assertThat(WireWalk.skipName(m, 0)).isEqualTo(5);
    assertThat(WireWalk.skipName(m, 5)).isEqualTo(7);
    assertThat(WireWalk.skipName(m, 7)).isEqualTo(-1); // a 5-byte label with 0 bytes left
    assertThat(WireWalk.skipName(new byte[] {(byte) 0xC0}, 0)).isEqualTo(-1);
  }
}
