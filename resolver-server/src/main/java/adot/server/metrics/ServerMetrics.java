package adot.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Rcode;

/** The client-facing counters of the daemon (questions, answers by rcode, refusals, malformed input, drops). */
public final class ServerMetrics {
  private final MeterRegistry registry;
  private final Counter questionsUdp;
  private final Counter questionsTcp;
  private final Counter unauthorized;
  private final Counter malformed;
  private final Counter droppedCapacity;
  private final Counter truncated;
  private final Counter packetCacheHits;
  private final Timer latency;
  private final ConcurrentMap<Integer, Counter> answers = new ConcurrentHashMap<>();

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.questionsUdp = questions("udp");
    this.questionsTcp = questions("tcp");
    this.unauthorized = Counter.builder("adot.questions.unauthorized")
        .description("Queries from clients outside allow-from").register(registry);
    this.malformed = Counter.builder("adot.questions.malformed")
        .description("Packets that could not be parsed or were not queries, dropped").register(registry);
    this.droppedCapacity = Counter.builder("adot.questions.dropped")
        .description("Queries dropped because max-concurrent-resolutions was reached").register(registry);
    this.truncated = Counter.builder("adot.answers.truncated")
        .description("UDP answers sent with TC=1 because they exceeded the client's buffer").register(registry);
    this.packetCacheHits = Counter.builder("adot.packetcache.hits")
        .description("Questions answered from the packet cache, without parsing or resolving").register(registry);
    this.latency = Timer.builder("adot.answer.latency")
        .description("Time from receiving a question to sending its answer")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  private Counter questions(String transport) {
    return Counter.builder("adot.questions").description("Client questions received, by transport")
        .tag("transport", transport).register(registry);
  }

  public void question(boolean tcp) {
    (tcp ? questionsTcp : questionsUdp).increment();
  }

  public void answer(int rcode, long startNanos) {
    answers.computeIfAbsent(rcode, r -> Counter.builder("adot.answers")
        .description("Answers sent to clients, by rcode")
        .tag("rcode", Rcode.string(r).toLowerCase(Locale.ROOT)).register(registry)).increment();
    latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  public void unauthorized() {
    unauthorized.increment();
  }

  public void malformed() {
    malformed.increment();
  }

  public void droppedForCapacity() {
    droppedCapacity.increment();
  }

  public void packetCacheHit() {
    packetCacheHits.increment();
  }

  public void truncated() {
    truncated.increment();
  }

  public MeterRegistry registry() {
    return registry;
  }
}
