package adot.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The process's own meters, under Micrometer's standard names ({@code jvm.*}, {@code process.*}, {@code system.*}):
 * memory by pool, garbage-collection pauses ({@code jvm.gc.pause}), JIT compilation time, threads, classes, CPU, open
 * files and uptime. A resolver's tail latency follows its collection pauses, so an operator needs to see them beside
 * the answer latency. They are served by the Prometheus endpoint only: {@link Statistics} (what {@code rec-control
 * get-all} prints) keeps to the resolver's own {@code adot.*} meters.
 *
 * <p>{@link #close()} stops listening for collection notifications.
 */
public final class JvmMetrics implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /** Binds every meter to {@code registry}. */
  public JvmMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmCompilationMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  @Override
  public void close() {
    gc.close();
  }
}
