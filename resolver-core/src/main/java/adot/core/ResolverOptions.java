package adot.core;

import adot.core.net.AddressFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the resolution engine, with the defaults an operator of PowerDNS Recursor or Unbound would expect. The
 * config module maps the {@code recursor}, {@code outgoing} and {@code cache} sections of the HOCON file onto this.
 *
 * @param rootHintsFile master-file root hints ({@code recursor.root-hints-file}); {@code null} = built-in IANA hints
 * @param qnameMinimisation RFC 9156 QNAME minimisation, relaxed mode ({@code recursor.qname-minimisation})
 * @param maxQueriesPerQuestion outgoing queries one client question may cause (PowerDNS {@code max-qperq}, 50)
 * @param maxNsAddressLookups NS-name address sub-resolutions per question, against NXNSAttack (PowerDNS {@code
 *     max-ns-address-qperq}, 10)
 * @param maxDepth nesting of sub-resolutions (NS addresses, CNAME targets) per question ({@code max-recursion-depth})
 * @param maxCnameChain CNAMEs followed per question (10)
 * @param maxQuestionTime total time for one client question; over it the answer is SERVFAIL (7 s)
 * @param networkTimeout time to wait for one authoritative server's reply before trying the next (1500 ms); a DoT
 *     query that waits for a new connection gets it from its write, so longer by the set-up's time (at most twice)
 * @param do53Port destination port for plain DNS (53; tests use the universe's port)
 * @param ednsBufferSize advertised EDNS(0) UDP payload size (1232, DNS flag day 2020)
 * @param dontQuery addresses never sent a query ({@code outgoing.dont-query})
 * @param queryIpv6 whether to resolve and use IPv6 addresses of name servers
 * @param throttleAfterTimeouts consecutive timeouts after which a server is throttled
 * @param throttleDuration how long a throttled server is skipped while others are available
 * @param cache cache sizes and TTL caps
 */
public record ResolverOptions(
    Path rootHintsFile,
    boolean qnameMinimisation,
    int maxQueriesPerQuestion,
    int maxNsAddressLookups,
    int maxDepth,
    int maxCnameChain,
    Duration maxQuestionTime,
    Duration networkTimeout,
    int do53Port,
    int ednsBufferSize,
    AddressFilter dontQuery,
    boolean queryIpv6,
    int throttleAfterTimeouts,
    Duration throttleDuration,
    CacheOptions cache) {

  public ResolverOptions {
    Objects.requireNonNull(maxQuestionTime, "maxQuestionTime");
    Objects.requireNonNull(networkTimeout, "networkTimeout");
    Objects.requireNonNull(dontQuery, "dontQuery");
    Objects.requireNonNull(throttleDuration, "throttleDuration");
    Objects.requireNonNull(cache, "cache");
    positive("maxQueriesPerQuestion", maxQueriesPerQuestion);
    positive("maxNsAddressLookups", maxNsAddressLookups);
    positive("maxDepth", maxDepth);
    positive("maxCnameChain", maxCnameChain);
    positive("throttleAfterTimeouts", throttleAfterTimeouts);
    positive("maxQuestionTime", maxQuestionTime);
    positive("networkTimeout", networkTimeout);
    if (do53Port < 1 || do53Port > 65535) {
      throw new IllegalArgumentException("do53Port must be 1..65535, got " + do53Port);
    }
    if (ednsBufferSize < 512 || ednsBufferSize > 65535) {
      throw new IllegalArgumentException("ednsBufferSize must be 512..65535, got " + ednsBufferSize);
    }
  }

  /** The defaults. */
  public static ResolverOptions defaults() {
    return new ResolverOptions(
        null,
        true,
        50,
        10,
        16,
        10,
        Duration.ofSeconds(7),
        Duration.ofMillis(1500),
        53,
        1232,
        AddressFilter.parse(AddressFilter.DEFAULT_DONT_QUERY),
        false,
        3,
        Duration.ofSeconds(60),
        CacheOptions.defaults());
  }

  public ResolverOptions withRootHintsFile(Path file) {
    return new ResolverOptions(file, qnameMinimisation, maxQueriesPerQuestion, maxNsAddressLookups, maxDepth,
        maxCnameChain, maxQuestionTime, networkTimeout, do53Port, ednsBufferSize, dontQuery, queryIpv6,
        throttleAfterTimeouts, throttleDuration, cache);
  }

  public ResolverOptions withQnameMinimisation(boolean on) {
    return new ResolverOptions(rootHintsFile, on, maxQueriesPerQuestion, maxNsAddressLookups, maxDepth,
        maxCnameChain, maxQuestionTime, networkTimeout, do53Port, ednsBufferSize, dontQuery, queryIpv6,
        throttleAfterTimeouts, throttleDuration, cache);
  }

  public ResolverOptions withLimits(int maxQueries, int maxNsLookups, int depth, Duration questionTime) {
    return new ResolverOptions(rootHintsFile, qnameMinimisation, maxQueries, maxNsLookups, depth, maxCnameChain,
        questionTime, networkTimeout, do53Port, ednsBufferSize, dontQuery, queryIpv6, throttleAfterTimeouts,
        throttleDuration, cache);
  }

  public ResolverOptions withNetwork(int port, Duration timeout, AddressFilter dontQueryFilter) {
    return new ResolverOptions(rootHintsFile, qnameMinimisation, maxQueriesPerQuestion, maxNsAddressLookups,
        maxDepth, maxCnameChain, maxQuestionTime, timeout, port, ednsBufferSize, dontQueryFilter, queryIpv6,
        throttleAfterTimeouts, throttleDuration, cache);
  }

  public ResolverOptions withEdnsBufferSize(int size) {
    return new ResolverOptions(rootHintsFile, qnameMinimisation, maxQueriesPerQuestion, maxNsAddressLookups,
        maxDepth, maxCnameChain, maxQuestionTime, networkTimeout, do53Port, size, dontQuery, queryIpv6,
        throttleAfterTimeouts, throttleDuration, cache);
  }

  public ResolverOptions withCache(CacheOptions cacheOptions) {
    return new ResolverOptions(rootHintsFile, qnameMinimisation, maxQueriesPerQuestion, maxNsAddressLookups,
        maxDepth, maxCnameChain, maxQuestionTime, networkTimeout, do53Port, ednsBufferSize, dontQuery, queryIpv6,
        throttleAfterTimeouts, throttleDuration, cacheOptions);
  }

  static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
