package adot.server.dns;

import adot.core.time.TimeSource;
import adot.core.wire.WireWalk;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Type;

/**
 * Whole encoded responses keyed by the query's bytes, as PowerDNS Recursor's packet cache: a repeated question is
 * answered without parsing it, resolving it or encoding the answer. The key is the query without its ID, with the
 * question name lowercased, plus the transport (a UDP response may be truncated where a TCP one is not); any other
 * difference (flags, EDNS options, buffer size) is a different key, so a cached response is always the one the normal
 * path would build. On a hit the response gets the query's ID and question spelling, and every TTL is aged by the
 * time spent in the cache; an entry lives no longer than the smallest TTL in it.
 *
 * <p>Only plain queries are looked up (QR=0, opcode QUERY, one question, no answer or authority records, at most one
 * additional record) of at most {@value #MAX_QUERY_BYTES} bytes; only NOERROR and NXDOMAIN responses without TC and
 * with at least one record are stored. Bounded by count; thread-safe.
 */
public final class PacketCache {
  /**
   * Larger queries bypass the cache. The key is the whole query, so without this one client could fill the cache with
   * keys of 64 KB each (a TCP query with a large EDNS option, changed by one byte each time). Real queries, cookies
   * and padding included, are a few hundred bytes at most.
   */
  static final int MAX_QUERY_BYTES = 512;

  private record Key(byte[] bytes, int hash) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private record Entry(byte[] response, int questionEnd, int[] ttlOffsets, long storedNanos, long expiresNanos) {}

  private final Cache<Key, Entry> cache;
  private final TimeSource time;
  private final long maxTtlSeconds;

  public PacketCache(long maxEntries, long maxTtlSeconds, TimeSource time) {
    this.time = time;
    this.maxTtlSeconds = maxTtlSeconds;
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
  }

  /** The cached response to {@code query}, ready to send, or {@code null}. */
  public byte[] lookup(byte[] query, boolean tcp) {
    int questionEnd = plainQuestionEnd(query);
    if (questionEnd < 0) {
      return null;
    }
    Key key = key(query, questionEnd, tcp);
    Entry e = cache.getIfPresent(key);
    if (e == null) {
      return null;
    }
    long now = time.nanoTime();
    if (now - e.expiresNanos >= 0) {
      cache.asMap().remove(key, e);
      return null;
    }
    byte[] out = e.response.clone();
    out[0] = query[0];
    out[1] = query[1];
    // the question as the client spelt it (the key ignores case)
    if (questionEnd == e.questionEnd) {
      System.arraycopy(query, WireWalk.HEADER, out, WireWalk.HEADER, questionEnd - 4 - WireWalk.HEADER);
    }
    long age = TimeUnit.NANOSECONDS.toSeconds(now - e.storedNanos);
    if (age > 0) {
      for (int off : e.ttlOffsets) {
        long ttl = readInt(out, off) - age;
        writeInt(out, off, Math.max(0, ttl));
      }
    }
    return out;
  }

  /** Stores the response built for {@code query}, when both are cacheable. */
  public void store(byte[] query, boolean tcp, byte[] response) {
    int questionEnd = plainQuestionEnd(query);
    if (questionEnd < 0 || response.length < WireWalk.HEADER) {
      return;
    }
    int rcode = response[3] & 0x0F;
    boolean truncated = (response[2] & 0x02) != 0;
    if (truncated || (rcode != 0 && rcode != 3)) {
      return;
    }
    int[] ttlOffsets = ttlOffsets(response);
    if (ttlOffsets == null || ttlOffsets.length == 0) {
      return;
    }
    long minTtl = maxTtlSeconds;
    for (int off : ttlOffsets) {
      minTtl = Math.min(minTtl, readInt(response, off));
    }
    if (minTtl <= 0) {
      return;
    }
    long now = time.nanoTime();
    cache.put(key(query, questionEnd, tcp),
        new Entry(response.clone(), questionEnd, ttlOffsets, now, now + TimeUnit.SECONDS.toNanos(minTtl)));
  }

  public void clear() {
    cache.invalidateAll();
  }

  public long size() {
    return cache.estimatedSize();
  }

  /** End of the question section if {@code q} is a plain query this cache handles, else -1. */
  static int plainQuestionEnd(byte[] q) {
    if (q.length < WireWalk.HEADER + 5 || q.length > MAX_QUERY_BYTES) {
      return -1;
    }
    boolean qr = (q[2] & 0x80) != 0;
    int opcode = (q[2] >> 3) & 0x0F;
    if (qr || opcode != 0 || WireWalk.u16(q, 4) != 1 || WireWalk.u16(q, 6) != 0 || WireWalk.u16(q, 8) != 0
        || WireWalk.u16(q, 10) > 1) {
      return -1;
    }
    int p = WireWalk.HEADER;
    while (true) { // the question name: plain labels only (no compression in a query's first name)
      if (p >= q.length) {
        return -1;
      }
      int len = q[p] & 0xFF;
      if (len == 0) {
        p++;
        break;
      }
      if (len > 63) {
        return -1;
      }
      p += 1 + len;
    }
    return p + 4 <= q.length ? p + 4 : -1;
  }

  private static Key key(byte[] query, int questionEnd, boolean tcp) {
    byte[] k = new byte[query.length - 2 + 1];
    System.arraycopy(query, 2, k, 0, query.length - 2);
    for (int i = WireWalk.HEADER - 2; i < questionEnd - 2 - 4; i++) {
      byte b = k[i];
      if (b >= 'A' && b <= 'Z') {
        k[i] = (byte) (b + 32); // ASCII case folding (RFC 4343); length bytes are below 64, never letters
      }
    }
    k[k.length - 1] = (byte) (tcp ? 1 : 0);
    return new Key(k, Arrays.hashCode(k));
  }

  /** Offsets of the TTL fields of every resource record but OPT, or null if the message does not parse. */
  static int[] ttlOffsets(byte[] m) {
    int[] starts = WireWalk.recordStarts(m);
    if (starts == null) {
      return null;
    }
    int[] offsets = new int[starts.length];
    int n = 0;
    for (int start : starts) {
      int p = WireWalk.skipName(m, start); // recordStarts checked that the name and the fixed fields are there
      if (WireWalk.u16(m, p) != Type.OPT) {
        offsets[n++] = p + 4;
      }
    }
    return Arrays.copyOf(offsets, n);
  }

  private static long readInt(byte[] b, int off) {
    return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }

  private static void writeInt(byte[] b, int off, long v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
