package adot.core.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Record;
import org.xbill.DNS.RecordTtl;

/**
 * The TTL rules of {@link RecordCache} applied to answers fresh from the network, so that the first client to ask sees
 * the same TTLs as the next one, answered from the cache.
 */
public final class Ttls {
  private Ttls() {}

  /**
   * {@code records} with each RRset's TTL (records of one owner, type and class) set to the lowest in the set (RFC
   * 2181 §5.2) and capped at {@code maxTtl} seconds, as {@link RecordCache} stores them; in the same order. (A TTL
   * with the top bit set arrives as 0 already: dnsjava reads it so, RFC 2181 §8.)
   */
  public static List<Record> normalised(List<Record> records, long maxTtl) {
    if (records.isEmpty()) {
      return records;
    }
    Map<SetKey, Long> lowest = new HashMap<>();
    for (Record r : records) {
      lowest.merge(new SetKey(r), Math.min(r.getTTL(), maxTtl), Math::min);
    }
    List<Record> out = new ArrayList<>(records.size());
    for (Record r : records) {
      out.add(RecordTtl.withTtl(r, lowest.get(new SetKey(r))));
    }
    return out;
  }

  /** An RRset's identity; RRSIGs by the type they cover would matter with DNSSEC, not here yet. */
  private record SetKey(org.xbill.DNS.Name name, int type, int dclass) {
    SetKey(Record r) {
      this(r.getName(), r.getType(), r.getDClass());
    }
  }
}
