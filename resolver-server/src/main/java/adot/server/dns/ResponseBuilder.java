package adot.server.dns;

import adot.core.Answer;
import java.nio.charset.StandardCharsets;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Encodes responses to clients: ID, opcode, RD and the question copied from the query, QR and RA set, AA clear (a
 * recursive answer is never authoritative), EDNS(0) echoed when the client used it, with an RFC 8914 extended error
 * when there is one, and truncation (TC=1) when the answer does not fit the client's UDP buffer (RFC 6891 §7, RFC
 * 1035 §4.2.1).
 */
public final class ResponseBuilder {
  /** Room for a readable reason; 12 + a 259-byte question + OPT with the option stays well under 512 bytes. */
  static final int MAX_EXTENDED_ERROR_TEXT_BYTES = 128;
  private final int udpSizeLimit;

  /** @param udpSizeLimit the largest UDP response sent, whatever a client advertises */
  public ResponseBuilder(int udpSizeLimit) {
    this.udpSizeLimit = udpSizeLimit;
  }

  /** The response to {@code query} carrying {@code answer}, encoded for UDP ({@code tcp} false) or TCP. */
  public byte[] encode(Message query, Answer answer, boolean tcp) {
    Message response = skeleton(query, answer.rcode());
    for (Record r : answer.answer()) {
      response.addRecord(r, Section.ANSWER);
    }
    for (Record r : answer.authority()) {
      response.addRecord(r, Section.AUTHORITY);
    }
    OPTRecord clientOpt = query.getOPT();
    if (clientOpt != null) {
      response.addRecord(opt(answer.extendedError(), answer.extendedErrorText(), clientOpt), Section.ADDITIONAL);
    }
    // TCP: a DNS message is at most 65535 bytes (the two-byte length prefix); larger is truncated with TC=1
    int max = tcp ? 65535 : maxUdpSize(clientOpt);
    byte[] full = response.toWire();
    if (full.length <= max) {
      return full;
    }
    // dnsjava's toWire(max) truncates a message that fits with less than 12 bytes to spare: only when it does not fit.
    return response.toWire(max);
  }

  /** A response with only a header, question and rcode (FORMERR, NOTIMP, REFUSED...). */
  public byte[] error(Message query, int rcode) {
    Message response = skeleton(query, rcode);
    if (query.getOPT() != null) {
      response.addRecord(opt(-1, "", query.getOPT()), Section.ADDITIONAL);
    }
    return response.toWire();
  }

  /** BADVERS (RFC 6891 §6.1.3) for an EDNS version above 0. */
  public byte[] badVersion(Message query) {
    Message response = skeleton(query, 0);
    // extended rcode BADVERS = 16: upper 8 bits (1) go in the OPT record, lower 4 bits (0) in the header
    response.addRecord(new OPTRecord(udpSizeLimit, 1, 0, 0), Section.ADDITIONAL);
    return response.toWire();
  }

  /** Whether encoding this answer for UDP will be truncated (for metrics). */
  public int maxUdpSize(OPTRecord clientOpt) {
    int size = clientOpt == null ? 512 : Math.max(512, clientOpt.getPayloadSize());
    return Math.min(size, udpSizeLimit);
  }

  private Message skeleton(Message query, int rcode) {
    Header qh = query.getHeader();
    Message response = new Message(qh.getID());
    Header h = response.getHeader();
    h.setFlag(Flags.QR);
    h.setFlag(Flags.RA);
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    if (qh.getFlag(Flags.CD)) {
      h.setFlag(Flags.CD);
    }
    h.setOpcode(qh.getOpcode() == Opcode.QUERY ? Opcode.QUERY : qh.getOpcode());
    h.setRcode(rcode & 0xF);
    Record question = query.getQuestion();
    if (question != null && qh.getCount(Section.QUESTION) == 1) {
      response.addRecord(question, Section.QUESTION);
    }
    return response;
  }

  /** Our OPT record; the DO bit is copied from the client's (RFC 3225 §3). */
  private OPTRecord opt(int ede, String text, OPTRecord clientOpt) {
    int flags = clientOpt.getFlags() & ExtendedFlags.DO;
    if (ede < 0) {
      return new OPTRecord(udpSizeLimit, 0, 0, flags);
    }
    return new OPTRecord(udpSizeLimit, 0, 0, flags,
        java.util.List.of(new ExtendedErrorCodeOption(ede, capped(text))));
  }

  /**
   * {@code text} cut to at most {@value #MAX_EXTENDED_ERROR_TEXT_BYTES} bytes of UTF-8. The OPT record is never
   * truncated away, so with a text about a long name it would not fit a 512-byte response with the question (dnsjava
   * then refuses to encode at all).
   */
  static String capped(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_EXTENDED_ERROR_TEXT_BYTES) {
      return text;
    }
    int end = MAX_EXTENDED_ERROR_TEXT_BYTES - 3; // room for "..."
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--; // not inside a multi-byte character
    }
    return new String(utf8, 0, end, StandardCharsets.UTF_8) + "...";
  }
}
