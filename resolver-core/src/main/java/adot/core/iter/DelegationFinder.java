package adot.core.iter;

import adot.core.cache.CachedRRset;
import adot.core.cache.RecordCache;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Finds the closest known zone cut for a name: the deepest ancestor (or the name itself) with a live NS set in the
 * cache, falling back to the root hints. Addresses come from the cache (glue included) or, for the root, the hints.
 */
public final class DelegationFinder {
  private final RecordCache cache;
  private final RootHints hints;
  private final boolean ipv6;

  public DelegationFinder(RecordCache cache, RootHints hints, boolean ipv6) {
    this.cache = cache;
    this.hints = hints;
    this.ipv6 = ipv6;
  }

  /**
   * The closest cut at or above {@code name}. For DS questions pass the parent of the name: the DS RRset lives in the
   * parent zone (RFC 4035 §3.1.4.1).
   */
  public DelegationPoint closest(Name name) {
    Name n = name;
    while (n.labels() > 1) {
      CachedRRset ns = cache.get(n, Type.NS);
      if (ns != null) {
        return new DelegationPoint(n, serversOf(ns.records()));
      }
      n = new Name(n, 1);
    }
    return root();
  }

  /** The root cut: the cached (primed) root NS set if any, else the hints. */
  public DelegationPoint root() {
    CachedRRset ns = cache.get(Name.root, Type.NS);
    if (ns != null) {
      DelegationPoint dp = new DelegationPoint(Name.root, serversOf(ns.records()));
      if (dp.servers().stream().anyMatch(s -> !s.addresses().isEmpty())) {
        return dp;
      }
    }
    List<NameServer> servers = new ArrayList<>();
    for (NSRecord ns2 : hints.nameServers()) { // hints are NS records by construction
      List<InetAddress> addrs = new ArrayList<>();
      for (InetAddress a : hints.addressesOf(ns2.getTarget())) {
        if (ipv6 || a.getAddress().length == 4) {
          addrs.add(a);
        }
      }
      servers.add(new NameServer(ns2.getTarget(), addrs));
    }
    return new DelegationPoint(Name.root, servers);
  }

  /** Looks up the cached addresses of each NS target. */
  public List<NameServer> serversOf(List<Record> nsRecords) {
    List<NameServer> servers = new ArrayList<>(nsRecords.size());
    for (Record r : nsRecords) {
      if (r instanceof NSRecord ns) { // the cache is keyed by type, but stay safe against anything else
        servers.add(new NameServer(ns.getTarget(), addressesOf(ns.getTarget())));
      }
    }
    return servers;
  }

  /**
   * The servers of a referral: each NS target with the addresses from the referral's own glue, plus any the cache
   * has. Glue is used even when it was too short-lived (TTL 0) to be cached.
   */
  public List<NameServer> serversOf(List<? extends Record> nsRecords, List<Record> glue) {
    List<NameServer> servers = new ArrayList<>(nsRecords.size());
    for (Record r : nsRecords) {
      if (!(r instanceof NSRecord ns)) {
        continue;
      }
      List<InetAddress> addrs = new ArrayList<>(addressesOf(ns.getTarget()));
      for (Record g : glue) {
        if (g.getName().equals(ns.getTarget())) {
          InetAddress a = g instanceof ARecord ar ? ar.getAddress()
              : ipv6 && g instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
          if (a != null && !addrs.contains(a)) {
            addrs.add(a);
          }
        }
      }
      servers.add(new NameServer(ns.getTarget(), addrs));
    }
    return servers;
  }

  /** Cached addresses of a host name (any credibility: glue is fine for reaching a server). */
  public List<InetAddress> addressesOf(Name host) {
    List<InetAddress> out = new ArrayList<>(2);
    CachedRRset a = cache.get(host, Type.A);
    if (a != null) {
      for (Record r : a.records()) {
        if (r instanceof ARecord ar) {
          out.add(ar.getAddress());
        }
      }
    }
    if (ipv6) {
      CachedRRset aaaa = cache.get(host, Type.AAAA);
      if (aaaa != null) {
        for (Record r : aaaa.records()) {
          if (r instanceof AAAARecord ar) {
            out.add(ar.getAddress());
          }
        }
      }
    }
    return out;
  }
}
