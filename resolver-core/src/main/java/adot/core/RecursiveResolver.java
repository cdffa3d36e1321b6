package adot.core;

import adot.core.cache.NegativeCache;
import adot.core.cache.RecordCache;
import adot.core.cache.ServerStats;
import adot.core.iter.Budget;
import adot.core.iter.DelegationFinder;
import adot.core.iter.IterativeResolver;
import adot.core.iter.Outcome;
import adot.core.iter.QueryFactory;
import adot.core.iter.QuerySender;
import adot.core.iter.ResolutionFailure;
import adot.core.iter.RootHints;
import adot.core.time.TimeSource;
import adot.core.transport.TransportAdvisor;
import adot.core.transport.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The recursive resolver: answers from the caches when it can, joins an identical question already in flight
 * (coalescing), and otherwise runs the {@link IterativeResolver} within the question's {@link Budget}. Every failure
 * becomes a SERVFAIL answer with an RFC 8914 extended error; the returned future never fails.
 */
public final class RecursiveResolver implements Resolver {
  private static final Logger log = LoggerFactory.getLogger(RecursiveResolver.class);

  private final ResolverOptions options;
  private final TimeSource time;
  private final RecordCache cache;
  private final NegativeCache negative;
  private final ServerStats serverStats;
  private final IterativeResolver iterative;
  private final Map<Question, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter coalesced;
  private final MeterRegistry registry;

  public RecursiveResolver(
      ResolverOptions options,
      Upstream upstream,
      TransportAdvisor advisor,
      TimeSource time,
      MeterRegistry registry) {
    this.options = options;
    this.time = time;
    this.registry = registry;
    this.cache = new RecordCache(options.cache(), time);
    this.negative = new NegativeCache(options.cache(), time);
    this.serverStats = new ServerStats(options.cache().maxServerEntries(), options.throttleAfterTimeouts(),
        options.throttleDuration(), time);
    RootHints hints = loadHints(options);
    DelegationFinder finder = new DelegationFinder(cache, hints, options.queryIpv6());
    QuerySender sender = new QuerySender(upstream, advisor, serverStats, new QueryFactory(options.ednsBufferSize()),
        options.networkTimeout(), registry);
    this.iterative = new IterativeResolver(options, cache, negative, finder, sender, serverStats);
    this.cacheHits = Counter.builder("adot.cache.hits").description("Questions answered from the cache")
        .register(registry);
    this.cacheMisses = Counter.builder("adot.cache.misses").description("Questions that needed resolution")
        .register(registry);
    this.coalesced = Counter.builder("adot.questions.coalesced")
        .description("Questions that joined an identical one already in flight").register(registry);
  }

  private static RootHints loadHints(ResolverOptions options) {
    if (options.rootHintsFile() == null) {
      return RootHints.builtIn();
    }
    try {
      return RootHints.fromFile(options.rootHintsFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read root hints " + options.rootHintsFile() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<Answer> resolve(Question q) {
    if (q.dclass() != DClass.IN) {
      return CompletableFuture.completedFuture(
          new Answer(Rcode.REFUSED, List.of(), List.of(), Answer.EDE_PROHIBITED, "only class IN", false));
    }
    Outcome cached;
    try {
      cached = iterative.fromCache(q);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(q, e));
    }
    if (cached != null) {
      cacheHits.increment();
      return CompletableFuture.completedFuture(toAnswer(cached, true));
    }
    cacheMisses.increment();
    CompletableFuture<Answer> mine = new CompletableFuture<>();
    CompletableFuture<Answer> existing = inFlight.putIfAbsent(q, mine);
    if (existing != null) {
      coalesced.increment();
      return existing;
    }
    Budget budget = new Budget(options, time);
    CompletableFuture<Outcome> work;
    try {
      work = iterative.resolve(q, budget);
    } catch (RuntimeException e) {
      work = CompletableFuture.failedFuture(e);
    }
    work.orTimeout(options.maxQuestionTime().toMillis() + 100, TimeUnit.MILLISECONDS)
        .handle((outcome, error) -> error == null ? toAnswer(outcome, false) : failure(q, error))
        .whenComplete((answer, error) -> {
          inFlight.remove(q, mine);
          mine.complete(answer != null ? answer : Answer.servfail(Answer.EDE_OTHER, String.valueOf(error)));
        });
    return mine;
  }

  private Answer failure(Question q, Throwable error) {
    Throwable t = Futures.unwrap(error);
    if (t instanceof ResolutionFailure f) {
      registry.counter("adot.resolution.failures", "reason", f.reason().name().toLowerCase()).increment();
      log.debug("event=servfail question=\"{}\" reason={} detail=\"{}\"", q, f.reason(), f.getMessage());
      return Answer.servfail(f.extendedError(), f.getMessage());
    }
    if (t instanceof java.util.concurrent.TimeoutException) {
      registry.counter("adot.resolution.failures", "reason", "timeout").increment();
      return Answer.servfail(Answer.EDE_NO_REACHABLE_AUTHORITY, "question took longer than its time budget");
    }
    registry.counter("adot.resolution.failures", "reason", "internal").increment();
    log.warn("event=resolution-error question=\"{}\" error=\"{}\"", q, t.toString(), t);
    return Answer.servfail(Answer.EDE_OTHER, "internal error");
  }

  private static Answer toAnswer(Outcome o, boolean fromCache) {
    return new Answer(o.rcode(), o.answer(), o.authority(), -1, "", fromCache);
  }

  /**
   * Root priming (RFC 8109): asks a root server for the root NS set, so the cache holds the root's own view rather
   * than the hints. Fire and forget; until it completes, the hints are used.
   */
  public CompletableFuture<Answer> prime() {
    return resolve(Question.of(Name.root, Type.NS));
  }

  /**
   * Removes cached data for {@code name} (and everything below it with {@code subtree}) from the positive and
   * negative caches.
   *
   * @return the number of entries removed
   */
  public int wipeCache(Name name, boolean subtree) {
    return cache.wipe(name, subtree) + negative.wipe(name, subtree);
  }

  public RecordCache recordCache() {
    return cache;
  }

  public NegativeCache negativeCache() {
    return negative;
  }

  public ServerStats serverStats() {
    return serverStats;
  }

  /** Questions being resolved right now. */
  public int inFlight() {
    return inFlight.size();
  }
}
