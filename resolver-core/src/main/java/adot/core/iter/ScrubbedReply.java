package adot.core.iter;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * A reply from an authoritative server after {@link Scrubber}: only records in the server's bailiwick that relate to
 * the question remain.
 *
 * @param rcode the reply's rcode
 * @param authoritative the AA flag
 * @param truncated the TC flag
 * @param cnameChain CNAME records from the question name onwards, in order
 * @param finalName the name at the end of the CNAME chain (the question name if there is no chain)
 * @param data records of the asked type owned by {@code finalName}
 * @param nameServers the NS set in the authority section (one owner), or empty
 * @param soa the SOA in the authority section, or {@code null}
 * @param glue A/AAAA records in the additional section for targets of {@code nameServers}, in bailiwick
 * @param dropped how many records the scrubber removed
 * @param chainCut whether the scrubber stopped following the CNAME chain at its bound while it went on in the reply:
 *     then {@code finalName} has a CNAME itself, and the rcode speaks of a name further down
 */
public record ScrubbedReply(
    int rcode,
    boolean authoritative,
    boolean truncated,
    List<Record> cnameChain,
    Name finalName,
    List<Record> data,
    List<NSRecord> nameServers,
    SOARecord soa,
    List<Record> glue,
    int dropped,
    boolean chainCut) {

  /** The owner of the NS set, or {@code null}. */
  public Name nameServerOwner() {
    return nameServers.isEmpty() ? null : nameServers.get(0).getName();
  }
}
