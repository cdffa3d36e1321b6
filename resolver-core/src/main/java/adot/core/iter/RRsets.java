package adot.core.iter;

import adot.core.cache.Ttls;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Record;
import org.xbill.DNS.RecordTtl;

/**
 * Groups records into sets of the same owner, type and class, keeping their order. RRSIGs form sets of their own
 * (keyed by type RRSIG, not by the type they cover), so a signature is never stored as the data it signs.
 */
final class RRsets {
  private RRsets() {}

  private record Key(org.xbill.DNS.Name name, int type, int dclass) {}

  /**
   * {@code records} with the TTLs the cache gives them ({@link Ttls#lowest} per set), so that the first client to ask
   * sees what the next one, answered from the cache, will. Sets come out in the order of their first record.
   */
  static List<Record> withCacheTtls(List<Record> records, long maxTtl) {
    List<Record> out = new ArrayList<>(records.size());
    for (List<Record> set : group(records)) {
      long ttl = Ttls.lowest(set, maxTtl);
      for (Record r : set) {
        out.add(RecordTtl.withTtl(r, ttl));
      }
    }
    return out;
  }

  static Collection<List<Record>> group(List<? extends Record> records) {
    Map<Key, List<Record>> sets = new LinkedHashMap<>();
    for (Record r : records) {
      sets.computeIfAbsent(new Key(r.getName(), r.getType(), r.getDClass()), k -> new ArrayList<>()).add(r);
    }
    return sets.values();
  }
}
