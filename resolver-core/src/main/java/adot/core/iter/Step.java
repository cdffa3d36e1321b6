package adot.core.iter;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The outcome of resolving one name (before following a CNAME to another name).
 *
 * @param kind DATA, CNAME, NXDOMAIN or NODATA
 * @param records answer-section records: CNAMEs in order, then data for DATA
 * @param target for CNAME: the name to continue with
 * @param authority for negative outcomes: the SOA, if known
 */
record Step(Kind kind, List<Record> records, Name target, List<Record> authority) {
  enum Kind { DATA, CNAME, NXDOMAIN, NODATA }
}
