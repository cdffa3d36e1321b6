package adot.core.iter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Record;

/**
 * Groups records into sets of the same owner, type and class, keeping their order. RRSIGs form sets of their own
 * (keyed by type RRSIG, not by the type they cover), so a signature is never stored as the data it signs.
 */
final class RRsets {
  private RRsets() {}

  private record Key(org.xbill.DNS.Name name, int type, int dclass) {}

  static Collection<List<Record>> group(List<? extends Record> records) {
    Map<Key, List<Record>> sets = new LinkedHashMap<>();
    for (Record r : records) {
      sets.computeIfAbsent(new Key(r.getName(), r.getType(), r.getDClass()), k -> new ArrayList<>()).add(r);
    }
    return sets.values();
  }
}
