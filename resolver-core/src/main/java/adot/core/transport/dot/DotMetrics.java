package adot.core.transport.dot;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The DoT client's counters. They live here (lock-free adders) and are published to Micrometer as function counters,
 * so {@link DotStats} and the registry always agree.
 */
final class DotMetrics {
  final LongAdder connectionsOpened = new LongAdder();
  final LongAdder connectionsReused = new LongAdder();
  final LongAdder sessionsResumed = new LongAdder();
  final LongAdder handshakeFailures = new LongAdder();
  final LongAdder queriesSent = new LongAdder();
  final LongAdder unmatchedReplies = new LongAdder();
  final LongAdder malformedReplies = new LongAdder();
  final LongAdder retries = new LongAdder();
  private final MeterRegistry registry;
  private volatile IntSupplier openConnections = () -> 0;

  /**
   * Meters already registered under these names are reused (Micrometer's rule), so give each client its own registry
   * or accept that only the first client is published.
   *
   * @param registry where to publish, or {@code null} for none
   */
  DotMetrics(MeterRegistry registry) {
    this.registry = registry;
    if (registry != null) {
      counter(registry, "adot.dot.connections.opened", "DoT connection attempts started", connectionsOpened);
      counter(registry, "adot.dot.connections.reused", "DoT queries sent on an existing connection", connectionsReused);
      counter(registry, "adot.dot.sessions.resumed", "DoT TLS handshakes that resumed a session", sessionsResumed);
      counter(registry, "adot.dot.handshake.failures", "DoT TLS handshakes that failed", handshakeFailures);
      counter(registry, "adot.dot.queries.sent", "DoT queries written", queriesSent);
      counter(registry, "adot.dot.replies.unmatched", "DoT replies matching no query in flight", unmatchedReplies);
      counter(registry, "adot.dot.replies.malformed", "DoT replies that did not parse", malformedReplies);
      counter(registry, "adot.dot.retries", "DoT queries resent after a pooled connection failed", retries);
    }
  }

  /** Publishes the gauge of open connections; called once, by the client, when its pool exists. */
  void openConnectionsFrom(IntSupplier source) {
    this.openConnections = source;
    if (registry != null) {
      Gauge.builder("adot.dot.connections.open", source, s -> s.getAsInt())
          .description("DoT connections open or opening")
          .register(registry);
    }
  }

  DotStats snapshot() {
    return new DotStats(
        connectionsOpened.sum(),
        connectionsReused.sum(),
        sessionsResumed.sum(),
        handshakeFailures.sum(),
        queriesSent.sum(),
        unmatchedReplies.sum(),
        malformedReplies.sum(),
        retries.sum(),
        openConnections.getAsInt());
  }

  private static void counter(MeterRegistry registry, String name, String description, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).register(registry);
  }
}
