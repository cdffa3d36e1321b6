package adot.core.transport.dot;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

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
    List<EDNSOption> options = new ArrayList<>(opt.getOptions());
    options.removeIf(o -> o.getCode() == EDNSOption.Code.PADDING);

    Message copy = query.clone();
    copy.removeRecord(opt, Section.ADDITIONAL);
    OPTRecord unpadded = withOptions(opt, options);
    copy.addRecord(unpadded, Section.ADDITIONAL);
    int unpaddedLength = copy.toWire().length;
    // The option's 4-byte header counts towards the length too.
    int padLength = Math.floorMod(-(unpaddedLength + OPTION_HEADER), BLOCK);

    options.add(new GenericEDNSOption(EDNSOption.Code.PADDING, new byte[padLength]));
    copy.removeRecord(unpadded, Section.ADDITIONAL);
    copy.addRecord(withOptions(opt, options), Section.ADDITIONAL);
    return copy.toWire();
  }

  private static OPTRecord withOptions(OPTRecord opt, List<EDNSOption> options) {
    return new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(), opt.getFlags(), options);
  }
}
