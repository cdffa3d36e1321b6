package adot.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ResponseBuilderTest {
  private static final Name NAME = Name.fromConstantString("txt.example.");
  private final ResponseBuilder responses = new ResponseBuilder(1232);

  private static Message query(Name name, int type, int bufferSize) {
    Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    q.addRecord(new OPTRecord(bufferSize, 0, 0), Section.ADDITIONAL);
    return q;
  }

  /** One TXT record per length, each with one string of that many characters. */
  private static Answer txtAnswer(int... lengths) {
    List<Record> answer = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      answer.add(new TXTRecord(NAME, DClass.IN, 300, "x".repeat(lengths[i] - 1) + i));
    }
    return new Answer(Rcode.NOERROR, answer, List.of(), -1, "", false);
  }

  @Test
  void encode_answerThatFitsTheBufferExactly_isNotTruncated() throws Exception {
    Message q = query(NAME, Type.TXT, 512);
    int base = responses.encode(q, txtAnswer(200, 10), true).length;
    // Grow the second string until the response is exactly the client's 512 bytes.
    Answer exact = txtAnswer(200, 10 + 512 - base);

    byte[] wire = responses.encode(q, exact, false);

    assertThat(wire).hasSize(512);
    assertThat(new Message(wire).getHeader().getFlag(Flags.TC)).as("TC").isFalse();
  }

  @Test
  void encode_answerLargerThanTheBuffer_isTruncatedWithQuestionAndOpt() throws Exception {
    Message q = query(NAME, Type.TXT, 512);

    Message m = new Message(responses.encode(q, txtAnswer(200, 200, 200), false));

    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(m.getQuestion().getName()).isEqualTo(NAME);
    assertThat(m.getOPT()).isNotNull();
    assertThat(m.toWire().length).isLessThanOrEqualTo(512);
  }

  @Test
  void encode_longExtendedErrorTextForALongName_stillAnswersWithTheQuestionInA512ByteBuffer() throws Exception {
    Name longName = Name.fromConstantString(("\\001".repeat(60) + ".").repeat(4));
    Message q = query(longName, Type.A, 512);
    Answer servfail = Answer.servfail(ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY,
        "no server of example. answered for " + longName + " (" + "every one timed out; ".repeat(20) + ")");

    Message m = new Message(responses.encode(q, servfail, false));

    assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(m.getQuestion().getName()).isEqualTo(longName);
    assertThat(m.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)).singleElement()
        .satisfies(o -> assertThat(((ExtendedErrorCodeOption) o).getText().getBytes(StandardCharsets.UTF_8))
            .hasSizeLessThanOrEqualTo(ResponseBuilder.MAX_EXTENDED_ERROR_TEXT_BYTES));
  }

  @Test
  void capped_cutsAtACharacterBoundary() {
    String text = "é".repeat(100); // two bytes each

    String capped = ResponseBuilder.capped(text);

    assertThat(capped).endsWith("...").startsWith("éé");
    assertThat(capped.getBytes(StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(ResponseBuilder.MAX_EXTENDED_ERROR_TEXT_BYTES);
    assertThat(capped).doesNotContain("\uFFFD");
  }
}
