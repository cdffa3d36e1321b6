package adot.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class JvmMetricsTest {

  @Test
  void bind_servesTheProcessMetricsAsPrometheusText() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (JvmMetrics ignored = new JvmMetrics(registry)) {
      assertThat(registry.scrape())
          .contains("jvm_memory_used_bytes{area=\"heap\"")
          .contains("jvm_threads_live_threads")
          .contains("jvm_classes_loaded_classes")
          .contains("process_cpu_usage")
          .contains("process_uptime_seconds");
    }
  }

  @Test
  void collection_isCountedAsAPause() throws InterruptedException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (JvmMetrics ignored = new JvmMetrics(registry)) {
      System.gc();
      // the collector's notification arrives on a JMX thread, after the collection
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (registry.find("jvm.gc.pause").timer() == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(registry.find("jvm.gc.pause").timers()).isNotEmpty();
      assertThat(registry.scrape()).contains("jvm_gc_pause_seconds_count");
    }
  }

  @Test
  void snapshot_listsTheResolversMetersOnly() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("adot.cache.hits").register(registry).increment(3);
    try (JvmMetrics ignored = new JvmMetrics(registry)) {
      assertThat(Statistics.snapshot(registry)).containsEntry("cache-hits", 3L)
          .allSatisfy((name, value) -> assertThat(name).doesNotStartWith("jvm").doesNotStartWith("process"));
    }
  }
}
