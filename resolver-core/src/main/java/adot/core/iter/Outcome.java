package adot.core.iter;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * The result of resolving a question, CNAMEs followed.
 *
 * @param rcode NOERROR or NXDOMAIN
 * @param answer the answer section
 * @param authority the authority section (SOA for negative answers)
 */
public record Outcome(int rcode, List<Record> answer, List<Record> authority) {}
