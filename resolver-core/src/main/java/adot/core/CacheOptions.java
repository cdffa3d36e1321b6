package adot.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Cache bounds and TTL caps ({@code cache} section).
 *
 * @param maxRecordSets RRsets kept in the record cache (Unbound {@code rrset-cache-size}, by count)
 * @param maxNegativeEntries NXDOMAIN / NODATA entries kept (PowerDNS {@code max-negative-cache-entries})
 * @param maxTtl cap on positive TTLs (PowerDNS {@code max-cache-ttl}, 1 day)
 * @param maxNegativeTtl cap on negative TTLs (PowerDNS {@code max-negative-ttl}, 1 hour; RFC 2308 §5)
 * @param maxServerEntries servers whose RTT and throttle state are remembered
 */
public record CacheOptions(
    long maxRecordSets, long maxNegativeEntries, Duration maxTtl, Duration maxNegativeTtl, long maxServerEntries) {

  public CacheOptions {
    Objects.requireNonNull(maxTtl, "maxTtl");
    Objects.requireNonNull(maxNegativeTtl, "maxNegativeTtl");
    if (maxRecordSets <= 0 || maxNegativeEntries <= 0 || maxServerEntries <= 0) {
      throw new IllegalArgumentException("cache sizes must be positive");
    }
    if (maxTtl.isNegative() || maxNegativeTtl.isNegative()) {
      throw new IllegalArgumentException("TTL caps must not be negative");
    }
  }

  public static CacheOptions defaults() {
    return new CacheOptions(1_000_000, 200_000, Duration.ofDays(1), Duration.ofHours(1), 100_000);
  }
}
