package adot.testkit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * The name lookup of RFC 1034 section 4.3.2 with the wildcard rules of RFC 4592, over a dnsjava {@link Zone} used as
 * storage. dnsjava 3.7.1's own {@code Zone.findRecords} is not used for the walk because it misses wildcards more
 * than one label up, does not synthesize from wildcard CNAMEs and throws for ANY below a wildcard. The index adds
 * the set of existing names, empty non-terminals included, so "exists" is exact. Immutable after construction.
 */
final class ZoneIndex {
    /** What a lookup found. */
    enum Kind { ANSWER, CNAME, DNAME, DELEGATION, NODATA, NXDOMAIN }

    /**
     * @param kind the outcome
     * @param sets ANSWER: the RRsets (owner = the query name, also when synthesized from a wildcard); CNAME, DNAME,
     *     DELEGATION: the single CNAME, DNAME or NS RRset; NODATA, NXDOMAIN: empty
     */
    record Lookup(Kind kind, List<RRset> sets) {
        RRset set() {
            return sets.get(0);
        }
    }

    private static final Name WILD = Name.fromConstantString("*");

    private final Zone zone;
    private final Name origin;
    private final Set<Name> names = new HashSet<>();

    ZoneIndex(Zone zone) {
        this.zone = zone;
        this.origin = zone.getOrigin();
        for (RRset set : zone) {
            Name n = set.getName();
            // Each owner and its ancestors up to the origin exist (the ancestors possibly as empty non-terminals).
            while (n.labels() >= origin.labels() && names.add(n) && !n.equals(origin)) {
                n = new Name(n, 1);
            }
        }
    }

    Zone zone() {
        return zone;
    }

    Name origin() {
        return origin;
    }

    /** Looks up {@code name} (which must be at or below the origin) for {@code type}. */
    Lookup lookup(Name name, int type) {
        int labels = name.labels();
        Name closestEncloser = origin;
        for (int depth = origin.labels() + 1; depth <= labels; depth++) {
            Name ancestorOrSelf = depth == labels ? name : new Name(name, labels - depth);
            if (!names.contains(ancestorOrSelf)) {
                break;
            }
            closestEncloser = ancestorOrSelf;
            boolean exact = depth == labels;
            RRset ns = find(ancestorOrSelf, Type.NS);
            if (ns != null && !(exact && type == Type.DS)) {
                return new Lookup(Kind.DELEGATION, List.of(ns)); // DS at a cut is the parent's data
            }
            if (!exact) {
                RRset dname = find(ancestorOrSelf, Type.DNAME);
                if (dname != null) {
                    return new Lookup(Kind.DNAME, List.of(dname));
                }
            }
        }
        if (!name.equals(origin) && closestEncloser.equals(origin)) {
            RRset apexDname = find(origin, Type.DNAME);
            if (apexDname != null) {
                return new Lookup(Kind.DNAME, List.of(apexDname));
            }
        }
        if (closestEncloser.equals(name)) {
            return atNode(name, name, type);
        }
        Name wildcard;
        try {
            wildcard = Name.concatenate(WILD, closestEncloser);
        } catch (NameTooLongException e) {
            return new Lookup(Kind.NXDOMAIN, List.of()); // no room for a wildcard label: none can exist
        }
        if (names.contains(wildcard)) {
            return atNode(wildcard, name, type);
        }
        return new Lookup(Kind.NXDOMAIN, List.of());
    }

    /** The data at the existing node {@code node}, presented with owner {@code owner}. */
    private Lookup atNode(Name node, Name owner, int type) {
        if (type == Type.ANY) {
            SetResponse all = zone.findRecords(node, Type.ANY);
            if (all.isSuccessful()) {
                return new Lookup(Kind.ANSWER, all.answers().stream().map(s -> withOwner(s, owner)).toList());
            }
            return new Lookup(Kind.NODATA, List.of());
        }
        RRset set = find(node, type);
        if (set != null) {
            return new Lookup(Kind.ANSWER, List.of(withOwner(set, owner)));
        }
        RRset cname = find(node, Type.CNAME);
        if (cname != null) {
            return new Lookup(Kind.CNAME, List.of(withOwner(cname, owner)));
        }
        return new Lookup(Kind.NODATA, List.of());
    }

    /** The RRset at exactly {@code node} of {@code type}, or null (dnsjava may hand out empty sets at empty nodes). */
    private RRset find(Name node, int type) {
        RRset set = zone.findExactMatch(node, type);
        return set == null || set.size() == 0 ? null : set;
    }

    private static RRset withOwner(RRset set, Name owner) {
        if (set.getName().equals(owner)) {
            return set;
        }
        RRset renamed = new RRset();
        for (Record r : set.rrs()) {
            renamed.addRR(r.withName(owner));
        }
        return renamed;
    }
}
