package adot.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Computes the answer an authoritative server gives from its zones, as BIND or NSD would with minimal responses:
 * AA on authoritative data; referrals (NS in authority, in-zone glue in additional, AA clear) below zone cuts;
 * NXDOMAIN/NODATA with the SOA (TTL capped at its minimum, RFC 2308) in authority; CNAMEs chased within the zone
 * (cross-zone targets are left to the resolver); DNAME with a synthesized CNAME; wildcards; DS answered from the
 * parent side of a cut; REFUSED for names outside every zone. The name lookup itself is {@link ZoneIndex}.
 * Immutable and thread-safe (dnsjava's {@link Zone} synchronizes its reads).
 */
final class Answerer {
    /** A generous bound on in-zone CNAME/DNAME chains; a loop stops earlier through the seen-set. */
    private static final int MAX_CHAIN = 16;

    private final List<ZoneIndex> zones;

    Answerer(List<Zone> zones) {
        List<ZoneIndex> sorted = new ArrayList<>();
        for (Zone z : zones) {
            sorted.add(new ZoneIndex(z));
        }
        // Deepest origin first, so the most specific zone wins.
        sorted.sort(Comparator.comparingInt((ZoneIndex z) -> z.origin().labels()).reversed());
        this.zones = List.copyOf(sorted);
    }

    /** The origins of the zones, deepest first. */
    List<Name> origins() {
        return zones.stream().map(ZoneIndex::origin).toList();
    }

    /** The response to {@code query} (header ID, RD/CD copied, question echoed), without OPT. */
    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (query.getHeader().getFlag(Flags.CD)) {
            response.getHeader().setFlag(Flags.CD);
        }
        Record question = query.getQuestion();
        if (question != null) {
            response.addRecord(question, Section.QUESTION);
        }
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        int qtype = question.getType();
        if (question.getDClass() != DClass.IN || qtype == Type.AXFR || qtype == Type.IXFR) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        ZoneIndex zone = zoneFor(question.getName(), qtype);
        if (zone == null) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        resolveInZone(zone, question.getName(), qtype, response);
        return response;
    }

    /** The deepest zone containing {@code name}; for DS at a zone apex, the parent zone if this server has it. */
    ZoneIndex zoneFor(Name name, int qtype) {
        ZoneIndex best = null;
        for (ZoneIndex z : zones) {
            if (!name.subdomain(z.origin())) {
                continue;
            }
            if (best == null) {
                best = z;
                if (!(qtype == Type.DS && name.equals(z.origin()))) {
                    return best;
                }
            } else {
                return z; // DS at best's apex: the parent side is authoritative
            }
        }
        return best;
    }

    private void resolveInZone(ZoneIndex zone, Name qname, int qtype, Message response) {
        Set<Name> seen = new HashSet<>();
        Name name = qname;
        for (int step = 0; step < MAX_CHAIN; step++) {
            seen.add(name);
            ZoneIndex.Lookup found = zone.lookup(name, qtype);
            Name next;
            switch (found.kind()) {
                case ANSWER -> {
                    for (RRset set : found.sets()) {
                        addRRset(response, set, Section.ANSWER);
                    }
                    addAdditionalFor(zone.zone(), response);
                    return;
                }
                case DELEGATION -> {
                    if (response.getHeader().getCount(Section.ANSWER) == 0) {
                        referral(zone.zone(), found.set(), response);
                    }
                    return; // a chain that led below a cut stops here; the resolver follows it
                }
                case NODATA, NXDOMAIN -> {
                    negative(zone.zone(), found.kind() == ZoneIndex.Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR,
                            response);
                    return;
                }
                case CNAME -> {
                    addRRset(response, found.set(), Section.ANSWER);
                    next = ((CNAMERecord) found.set().first()).getTarget();
                }
                case DNAME -> {
                    DNAMERecord dname = (DNAMERecord) found.set().first();
                    addRRset(response, found.set(), Section.ANSWER);
                    try {
                        next = name.fromDNAME(dname);
                    } catch (NameTooLongException e) {
                        response.getHeader().setRcode(Rcode.YXDOMAIN);
                        return;
                    }
                    response.addRecord(new CNAMERecord(name, DClass.IN, dname.getTTL(), next), Section.ANSWER);
                }
                default -> throw new IllegalStateException("unexpected lookup kind " + found.kind());
            }
            if (!next.subdomain(zone.origin()) || seen.contains(next)) {
                return; // another zone's data, or a loop: the chain so far is the answer
            }
            name = next;
        }
    }

    private void referral(Zone zone, RRset ns, Message response) {
        response.getHeader().unsetFlag(Flags.AA);
        addRRset(response, ns, Section.AUTHORITY);
        for (Record r : ns.rrs()) {
            addAddresses(zone, r.getAdditionalName(), response);
        }
    }

    private void negative(Zone zone, int rcode, Message response) {
        response.getHeader().setRcode(rcode);
        SOARecord soa = zone.getSOA();
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        response.addRecord(
                new SOARecord(soa.getName(), DClass.IN, ttl, soa.getHost(), soa.getAdmin(), soa.getSerial(),
                        soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum()),
                Section.AUTHORITY);
    }

    /** Addresses of in-zone MX/NS/SRV targets named in the answer, as authoritative servers add them. */
    private void addAdditionalFor(Zone zone, Message response) {
        for (Record r : response.getSection(Section.ANSWER)) {
            int t = r.getType();
            if (t == Type.MX || t == Type.NS || t == Type.SRV) {
                addAddresses(zone, r.getAdditionalName(), response);
            }
        }
    }

    private static void addAddresses(Zone zone, Name target, Message response) {
        if (target == null || !target.subdomain(zone.getOrigin())) {
            return; // out-of-zone data is never glue
        }
        for (int type : new int[] {Type.A, Type.AAAA}) {
            RRset set = zone.findExactMatch(target, type);
            if (set != null && set.size() > 0 && !response.findRRset(target, type, Section.ADDITIONAL)) {
                addRRset(response, set, Section.ADDITIONAL);
            }
        }
    }

    private static void addRRset(Message response, RRset set, int section) {
        for (Record r : set.rrs()) {
            response.addRecord(r, section);
        }
    }
}
