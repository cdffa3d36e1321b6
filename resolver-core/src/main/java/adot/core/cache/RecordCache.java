package adot.core.cache;

import adot.core.CacheOptions;
import adot.core.time.TimeSource;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.RecordTtl;
import org.xbill.DNS.Type;

/**
 * The positive cache: RRsets keyed by owner name and type, bounded by count, expiring on their TTL (capped by {@code
 * maxTtl}), ranked by {@link Credibility}. Thread-safe; look-ups are lock-free.
 */
public final class RecordCache {

  /** What is stored: the records with their original TTLs, the rank, and when the set expires. */
  private record Entry(Record[] records, Credibility credibility, long expiresAtNanos) {}

  private final Cache<CacheKey, Entry> cache;
  private final TimeSource time;
  private final long maxTtlSeconds;

  public RecordCache(CacheOptions options, TimeSource time) {
    this.time = time;
    this.maxTtlSeconds = options.maxTtl().toSeconds();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(options.maxRecordSets())
            .ticker(time.asTicker())
            .executor(Runnable::run)
            .expireAfter(new DeadlineExpiry<Entry>(Entry::expiresAtNanos))
            .build();
  }

  /**
   * Stores one RRset (records of one owner name and type) unless a live entry of higher credibility exists. An NS set
   * that replaces a live one keeps the earlier expiry: a delegation is never extended by its own child.
   *
   * @return whether the set was stored
   */
  public boolean put(List<Record> rrset, Credibility credibility) {
    if (rrset.isEmpty()) {
      return false;
    }
    Record first = rrset.get(0);
    long ttl = Ttls.lowest(rrset, maxTtlSeconds);
    if (ttl <= 0) {
      return false; // TTL 0 means "use once, do not cache" (RFC 1035 §3.2.1)
    }
    Entry fresh =
        new Entry(
            rrset.toArray(new Record[0]),
            credibility,
            time.nanoTime() + TimeUnit.SECONDS.toNanos(ttl));
    CacheKey key = new CacheKey(first.getName(), first.getType()); // RRSIG by its own type, see RRsets
    boolean[] stored = {false};
    cache
        .asMap()
        .compute(
            key,
            (k, old) -> {
              boolean live = old != null && isLive(old);
              if (live && old.credibility.compareTo(credibility) > 0) {
                return old;
              }
              stored[0] = true;
              if (live && k.type() == Type.NS && old.expiresAtNanos - fresh.expiresAtNanos < 0) {
                // A zone's NS set may be replaced (the child's authoritative copy outranks the parent's referral)
                // but never outlive the delegation it replaces: else a domain removed from its parent lives on for
                // as long as its own servers keep refreshing it ("ghost domain", CVE-2012-1033).
                return new Entry(fresh.records, fresh.credibility, old.expiresAtNanos);
              }
              return fresh;
            });
    return stored[0];
  }

  /** The live RRset for name and type, with aged TTLs, or {@code null}. */
  public CachedRRset get(Name name, int type) {
    Entry e = cache.getIfPresent(new CacheKey(name, type));
    if (e == null) {
      return null;
    }
    long remainingNanos = e.expiresAtNanos - time.nanoTime();
    if (remainingNanos <= 0) {
      return null;
    }
    long ttl = Math.max(1, (remainingNanos + 999_999_999L) / 1_000_000_000L);
    Record[] src = e.records;
    Record[] aged = new Record[src.length];
    for (int i = 0; i < src.length; i++) {
      aged[i] = RecordTtl.withTtl(src[i], ttl);
    }
    return new CachedRRset(name, type, List.of(aged), e.credibility);
  }

  /** The live RRset if it may be returned to a client (see {@link Credibility#answerable()}), or {@code null}. */
  public CachedRRset getAnswerable(Name name, int type) {
    CachedRRset set = get(name, type);
    return set != null && set.credibility().answerable() ? set : null;
  }

  /**
   * Removes the entries for {@code name} (all types), and with {@code subtree} also every name below it.
   *
   * @return the number of RRsets removed
   */
  public int wipe(Name name, boolean subtree) {
    return DeadlineExpiry.wipe(cache, name, subtree);
  }

  /** Runs pending evictions now (for tests and dumps; Caffeine otherwise does it lazily). */
  public void cleanUp() {
    cache.cleanUp();
  }

  /** Removes everything. */
  public void clear() {
    cache.invalidateAll();
  }

  /** Approximate number of RRsets held. */
  public long size() {
    return cache.estimatedSize();
  }

  /** Visits every live RRset (aged TTLs) in no particular order; for dumps, not for the query path. */
  public void forEach(Consumer<CachedRRset> visitor) {
    for (Map.Entry<CacheKey, Entry> e : cache.asMap().entrySet()) {
      CachedRRset set = get(e.getKey().name(), e.getKey().type());
      if (set != null) {
        visitor.accept(set);
      }
    }
  }

  /** Writes the cache in master-file format, one record per line with a rank comment. */
  public List<String> dumpLines() {
    List<String> lines = new ArrayList<>();
    forEach(
        set -> {
          for (Record r : set.records()) {
            lines.add(r + " ; " + set.credibility());
          }
        });
    lines.sort(null);
    return lines;
  }

  private boolean isLive(Entry e) {
    return e.expiresAtNanos - time.nanoTime() > 0;
  }

  @Override
  public String toString() {
    return "RecordCache[size=" + size() + "]";
  }
}
