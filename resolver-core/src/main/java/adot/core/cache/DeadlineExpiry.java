package adot.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.List;
import java.util.function.ToLongFunction;
import org.xbill.DNS.Name;

/**
 * Caffeine expiry for entries that carry their own deadline (from the TTL when stored, on the cache's ticker); reads
 * do not extend it. Also the name-based wipe shared by the caches keyed by {@link CacheKey}.
 */
final class DeadlineExpiry<V> implements Expiry<CacheKey, V> {
  private final ToLongFunction<V> deadlineNanos;

  DeadlineExpiry(ToLongFunction<V> deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public long expireAfterCreate(CacheKey key, V value, long currentTime) {
    return Math.max(0, deadlineNanos.applyAsLong(value) - currentTime);
  }

  @Override
  public long expireAfterUpdate(CacheKey key, V value, long currentTime, long currentDuration) {
    return Math.max(0, deadlineNanos.applyAsLong(value) - currentTime);
  }

  @Override
  public long expireAfterRead(CacheKey key, V value, long currentTime, long currentDuration) {
    return currentDuration;
  }

  /** Removes the entries for {@code name} (and with {@code subtree}, every name below it); returns how many. */
  static int wipe(Cache<CacheKey, ?> cache, Name name, boolean subtree) {
    int removed = 0;
    for (CacheKey key : List.copyOf(cache.asMap().keySet())) {
      if (key.name().equals(name) || (subtree && key.name().subdomain(name))) {
        if (cache.asMap().remove(key) != null) {
          removed++;
        }
      }
    }
    return removed;
  }
}
