package adot.core;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The resolver's answer to one question, ready to be encoded for a client.
 *
 * @param rcode NOERROR, NXDOMAIN, SERVFAIL, REFUSED...
 * @param answer the answer section: the CNAME chain, if any, then the final RRset; TTLs already aged
 * @param authority the authority section: the SOA for negative answers, otherwise empty
 * @param extendedError RFC 8914 info-code to attach when the client speaks EDNS, or -1 for none
 * @param extendedErrorText free text for the extended error, or empty
 * @param fromCache whether no outgoing query was needed
 */
public record Answer(
    int rcode,
    List<Record> answer,
    List<Record> authority,
    int extendedError,
    String extendedErrorText,
    boolean fromCache) {

  /** RFC 8914 info-codes used by the resolver. */
  public static final int EDE_OTHER = 0;
  public static final int EDE_STALE_ANSWER = 3;
  public static final int EDE_PROHIBITED = 18;
  public static final int EDE_NO_REACHABLE_AUTHORITY = 22;
  public static final int EDE_NETWORK_ERROR = 23;

  public Answer {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    extendedErrorText = extendedErrorText == null ? "" : extendedErrorText;
  }

  /** A SERVFAIL with an extended error. */
  public static Answer servfail(int extendedError, String text) {
    return new Answer(Rcode.SERVFAIL, List.of(), List.of(), extendedError, text, false);
  }

  public Answer withFromCache(boolean cached) {
    return new Answer(rcode, answer, authority, extendedError, extendedErrorText, cached);
  }

  @Override
  public String toString() {
    return Rcode.string(rcode) + " answer=" + answer + " authority=" + authority
        + (extendedError >= 0 ? " ede=" + extendedError + " " + extendedErrorText : "");
  }
}
