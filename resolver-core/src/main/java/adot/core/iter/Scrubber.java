package adot.core.iter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Removes from a reply everything the server had no business saying (Unbound's scrubber, RFC 2181 §5.4.1, the
 * "bailiwick" rule): records outside the zone the server was asked as authority for, classes other than IN, answer
 * records that are not part of the CNAME chain from the question, authority records not above the question name,
 * and additional records that are not addresses of the NS targets. What remains may be cached.
 */
public final class Scrubber {
  private static final int MAX_CHAIN_IN_ONE_REPLY = 12;

  private Scrubber() {}

  private static boolean hasCname(List<Record> answer, Name owner) {
    for (Record r : answer) {
      if (r.getType() == Type.CNAME && r.getName().equals(owner)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param reply the reply as received
   * @param zone the zone cut the server was asked as authority for
   * @param qname the name asked (possibly minimised)
   * @param qtype the type asked
   */
  public static ScrubbedReply scrub(Message reply, Name zone, Name qname, int qtype) {
    int[] dropped = {0};
    List<Record> answer = inBailiwick(reply.getSection(Section.ANSWER), zone, dropped);
    List<Record> authority = inBailiwick(reply.getSection(Section.AUTHORITY), zone, dropped);
    List<Record> additional = inBailiwick(reply.getSection(Section.ADDITIONAL), zone, dropped);

    List<Record> chain = new ArrayList<>();
    List<Record> data = new ArrayList<>();
    Name name = qname;
    Set<Name> seen = new HashSet<>();
    seen.add(name);
    for (int i = 0; i < MAX_CHAIN_IN_ONE_REPLY; i++) {
      CNAMERecord cname = null;
      for (Record r : answer) {
        if (!r.getName().equals(name)) {
          continue;
        }
        if (r.getType() == qtype || qtype == Type.ANY) {
          data.add(r);
        } else if (r.getType() == Type.CNAME && cname == null) {
          cname = (CNAMERecord) r;
        }
      }
      if (!data.isEmpty() || cname == null) {
        break;
      }
      chain.add(cname);
      name = cname.getTarget();
      if (!seen.add(name) || !name.subdomain(zone)) {
        break; // a loop, or data the server is not authoritative for: follow it with a new query
      }
    }
    dropped[0] += answer.size() - chain.size() - data.size();

    List<NSRecord> ns = new ArrayList<>();
    SOARecord soa = null;
    Name nsOwner = null;
    for (Record r : authority) {
      if (r instanceof NSRecord n && name.subdomain(n.getName())) {
        if (nsOwner == null || n.getName().labels() > nsOwner.labels()) {
          nsOwner = n.getName();
          ns.clear();
        }
        if (n.getName().equals(nsOwner)) {
          ns.add(n);
        }
      } else if (r instanceof SOARecord s && soa == null && name.subdomain(s.getName())) {
        soa = s;
      } else {
        dropped[0]++;
      }
    }

    Set<Name> targets = new HashSet<>();
    ns.forEach(n -> targets.add(n.getTarget()));
    if (qtype == Type.NS) {
      data.forEach(r -> targets.add(((NSRecord) r).getTarget()));
    }
    List<Record> glue = new ArrayList<>();
    for (Record r : additional) {
      if ((r.getType() == Type.A || r.getType() == Type.AAAA) && targets.contains(r.getName())) {
        glue.add(r);
      } else if (r.getType() != Type.OPT) {
        dropped[0]++;
      }
    }
    return new ScrubbedReply(
        reply.getRcode(),
        reply.getHeader().getFlag(Flags.AA),
        reply.getHeader().getFlag(Flags.TC),
        chain,
        name,
        data,
        ns,
        soa,
        glue,
        dropped[0],
        chain.size() == MAX_CHAIN_IN_ONE_REPLY && data.isEmpty() && hasCname(answer, name));
  }

  private static List<Record> inBailiwick(List<Record> records, Name zone, int[] dropped) {
    List<Record> out = new ArrayList<>(records.size());
    for (Record r : records) {
      if (r.getType() == Type.OPT) {
        continue;
      }
      if (r.getDClass() == DClass.IN && r.getName().subdomain(zone)) {
        out.add(r);
      } else {
        dropped[0]++;
      }
    }
    return out;
  }
}
