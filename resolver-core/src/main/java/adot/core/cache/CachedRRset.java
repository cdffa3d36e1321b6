package adot.core.cache;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * One RRset as returned by the {@link RecordCache}: its records with TTLs aged to the time of the look-up.
 *
 * @param name owner name
 * @param type RR type
 * @param records the records, TTLs counting down
 * @param credibility the rank the data was stored with
 */
public record CachedRRset(Name name, int type, List<Record> records, Credibility credibility) {

  /** The remaining TTL in seconds (that of the first record; all share one TTL in the cache). */
  public long ttl() {
    return records.isEmpty() ? 0 : records.get(0).getTTL();
  }
}
