package adot.core.cache;

import java.util.List;
import org.xbill.DNS.Record;

/** The TTL an RRset gets in the cache; answers fresh from the network get the same (see the resolver's RRsets). */
public final class Ttls {
  private Ttls() {}

  /**
   * The lowest TTL in {@code rrset} (RFC 2181 §5.2: an RRset has one TTL), capped at {@code maxTtl} seconds. (A TTL
   * with the top bit set arrives as 0 already: dnsjava reads it so, RFC 2181 §8.)
   */
  public static long lowest(List<Record> rrset, long maxTtl) {
    long ttl = maxTtl;
    for (Record r : rrset) {
      ttl = Math.min(ttl, r.getTTL());
    }
    return ttl;
  }
}
