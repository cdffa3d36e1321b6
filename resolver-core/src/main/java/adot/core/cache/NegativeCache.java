package adot.core.cache;

import adot.core.CacheOptions;
import adot.core.time.TimeSource;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.RecordTtl;
import org.xbill.DNS.SOARecord;

/**
 * Negative answers per RFC 2308: NXDOMAIN per name, NODATA per name and type. The TTL is the lesser of the SOA's TTL
 * and its MINIMUM field (RFC 2308 §5), capped by {@code maxNegativeTtl}. An NXDOMAIN answers for its own name only
 * (see {@link #get}). Bounded by count; thread-safe.
 */
public final class NegativeCache {
  /** Type used in keys of NXDOMAIN entries: they cover every type. */
  private static final int ALL_TYPES = -1;

  private record Entry(boolean nxdomain, Record soa, long expiresAtNanos) {}

  private final Cache<CacheKey, Entry> cache;
  private final TimeSource time;
  private final long maxTtlSeconds;

  public NegativeCache(CacheOptions options, TimeSource time) {
    this.time = time;
    this.maxTtlSeconds = options.maxNegativeTtl().toSeconds();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(options.maxNegativeEntries())
            .ticker(time.asTicker())
            .executor(Runnable::run)
            .expireAfter(new DeadlineExpiry<Entry>(Entry::expiresAtNanos))
            .build();
  }

  /** Caches that {@code name} does not exist. {@code soa} may be null (then nothing is cached: RFC 2308 §5). */
  public void putNxdomain(Name name, SOARecord soa) {
    put(new CacheKey(name, ALL_TYPES), true, soa);
  }

  /** Caches that {@code name} has no {@code type} records. */
  public void putNodata(Name name, int type, SOARecord soa) {
    put(new CacheKey(name, type), false, soa);
  }

  private void put(CacheKey key, boolean nxdomain, SOARecord soa) {
    if (soa == null) {
      return; // RFC 2308 §5: negative answers without SOA are not cached
    }
    long ttl = Math.min(Math.min(soa.getTTL(), soa.getMinimum()), maxTtlSeconds);
    if (ttl <= 0) {
      return;
    }
    cache.put(key, new Entry(nxdomain, soa, time.nanoTime() + TimeUnit.SECONDS.toNanos(ttl)));
  }

  /**
   * The negative answer that covers name and type: an NXDOMAIN for the name, else a NODATA for the name and type;
   * {@code null} if none.
   *
   * <p>An NXDOMAIN does not answer for the names below it (RFC 8020) here: old servers answer NXDOMAIN for empty
   * non-terminals (a direct question for {@code _tcp.example.com} would then hide {@code _sip._tcp.example.com} for
   * the negative TTL), and without DNSSEC validation that cannot be told from a real one. PowerDNS
   * ({@code nothing-below-nxdomain=dnssec}) and Unbound ({@code harden-below-nxdomain}) apply it to validated answers
   * only.
   */
  public NegativeAnswer get(Name name, int type) {
    long now = time.nanoTime();
    Entry nodata = cache.getIfPresent(new CacheKey(name, type));
    if (nodata != null && nodata.expiresAtNanos > now) {
      return answer(name, nodata, now);
    }
    Entry nx = cache.getIfPresent(new CacheKey(name, ALL_TYPES));
    return nx != null && nx.expiresAtNanos > now ? answer(name, nx, now) : null;
  }

  private static NegativeAnswer answer(Name name, Entry e, long now) {
    long ttl = Math.max(1, (e.expiresAtNanos - now + 999_999_999L) / 1_000_000_000L);
    return new NegativeAnswer(e.nxdomain, name, List.of(RecordTtl.withTtl(e.soa, ttl)));
  }

  /** Removes negative entries for {@code name} (and with {@code subtree}, below it); returns how many. */
  public int wipe(Name name, boolean subtree) {
    return DeadlineExpiry.wipe(cache, name, subtree);
  }

  public void clear() {
    cache.invalidateAll();
  }

  public long size() {
    return cache.estimatedSize();
  }
}
