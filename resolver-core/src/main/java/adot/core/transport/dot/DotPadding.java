package adot.core.transport.dot;

import adot.core.wire.WireWalk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * EDNS(0) padding of queries (RFC 7830) with the block-length strategy RFC 8467 recommends for queries: the padded
 * message is a multiple of {@value #BLOCK} bytes, so an observer learns only a coarse length.
 */
final class DotPadding {
  /** RFC 8467 §4.1: clients pad queries to the closest multiple of 128 octets. */
  static final int BLOCK = 128;

  /** Length of an EDNS option's header (code and length, 2 bytes each). */
  private static final int OPTION_HEADER = 4;

  private DotPadding() {}

  /**
   * The wire form of {@code query}, padded when it has an OPT record; a query without one is returned unpadded (we do
   * not add EDNS on the caller's behalf). A Padding option already present is replaced. {@code query} is not changed.
   */
  static byte[] toPaddedWire(Message query) {
    OPTRecord opt = query.getOPT();
    if (opt == null) {
      return query.toWire();
    }
    // The common case (a resolver's own query: no Padding option yet) pads the encoded bytes: one encoding instead of
    // a copy of the message and two (this runs once per DoT query).
    if (opt.getOptions(EDNSOption.Code.PADDING).isEmpty()) {
      byte[] wire = query.toWire();
      byte[] padded = padAfterLastRecord(wire);
      if (padded != null) {
        return padded;
      }
    }
    List<EDNSOption> options = new ArrayList<>(opt.getOptions());
    options.removeIf(o -> o.getCode() == EDNSOption.Code.PADDING);

    Message copy = query.clone();
    copy.removeRecord(opt, Section.ADDITIONAL);
    OPTRecord unpadded = withOptions(opt, options);
    copy.addRecord(unpadded, Section.ADDITIONAL);
    int unpaddedLength = copy.toWire().length;
    int padLength = padLength(unpaddedLength);

    options.add(new GenericEDNSOption(EDNSOption.Code.PADDING, new byte[padLength]));
    copy.removeRecord(unpadded, Section.ADDITIONAL);
    copy.addRecord(withOptions(opt, options), Section.ADDITIONAL);
    return copy.toWire();
  }

  /** The Padding option's data length that makes a message of {@code unpaddedLength} a multiple of {@link #BLOCK}. */
  private static int padLength(int unpaddedLength) {
    // The option's 4-byte header counts towards the length too.
    return Math.floorMod(-(unpaddedLength + OPTION_HEADER), BLOCK);
  }

  /**
   * {@code wire} with a Padding option appended to its OPT record, when that record is the message's last one (as in
   * every query dnsjava encodes with OPT and nothing after it); {@code null} when it is not (another record follows,
   * bytes after the last record), or the bytes do not parse as expected.
   */
  static byte[] padAfterLastRecord(byte[] wire) {
    int[] starts = WireWalk.recordStarts(wire);
    if (starts == null || starts.length == 0) {
      return null;
    }
    int recordStart = starts[starts.length - 1];
    if (wire[recordStart] != 0) { // the OPT owner is the root name: one zero byte
      return null;
    }
    int type = WireWalk.u16(wire, recordStart + 1);
    int rdlengthAt = recordStart + 9; // name (1), type (2), class (2), TTL (4)
    int rdlength = WireWalk.u16(wire, rdlengthAt);
    if (type != Type.OPT || rdlengthAt + 2 + rdlength != wire.length) {
      return null;
    }
    int pad = padLength(wire.length);
    int newRdlength = rdlength + OPTION_HEADER + pad;
    if (newRdlength > 0xFFFF) {
      return null;
    }
    byte[] padded = Arrays.copyOf(wire, wire.length + OPTION_HEADER + pad); // the padding bytes are zero (RFC 7830)
    padded[rdlengthAt] = (byte) (newRdlength >>> 8);
    padded[rdlengthAt + 1] = (byte) newRdlength;
    padded[wire.length] = (byte) (EDNSOption.Code.PADDING >>> 8);
    padded[wire.length + 1] = (byte) EDNSOption.Code.PADDING;
    padded[wire.length + 2] = (byte) (pad >>> 8);
    padded[wire.length + 3] = (byte) pad;
    return padded;
  }

  private static OPTRecord withOptions(OPTRecord opt, List<EDNSOption> options) {
    return new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(), opt.getFlags(), options);
  }
}
