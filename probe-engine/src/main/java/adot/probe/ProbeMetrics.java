package adot.probe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The probe engine's meters. Counters are created once here so the hot paths only increment.
 *
 * <ul>
 *   <li>{@code adot.dot.probes.started}, {@code .succeeded}, {@code .timedout}: counters;
 *   <li>{@code adot.dot.probes.failed{outcome}}: failed probes other than timeouts, by outcome;
 *   <li>{@code adot.dot.probes.busy}: gauge, probes in flight (rows in status Busy);
 *   <li>{@code adot.dot.probe.table.entries{status}}: gauge, rows per status;
 *   <li>{@code adot.dot.status.changes{from,to}}: counter, rows becoming Good or Bad;
 *   <li>{@code adot.dot.probe.table.evictions}: counter, rows dropped because the table was full;
 *   <li>{@code adot.dot.probe.table.not.recorded}: counter, new addresses not recorded because the table was at its
 *       hard limit while an eviction ran (a flood of new addresses).
 * </ul>
 */
public final class ProbeMetrics {
  private final MeterRegistry registry;
  private final Counter started;
  private final Counter succeeded;
  private final Counter timedOut;
  private final Counter evictions;
  private final Counter notRecorded;
  private final Map<ProbeOutcome, Counter> failed = new EnumMap<>(ProbeOutcome.class);
  private final Map<DotStatus, Map<DotStatus, Counter>> changes = new EnumMap<>(DotStatus.class);

  public ProbeMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    started = Counter.builder("adot.dot.probes.started").description("DoT probes started").register(registry);
    succeeded =
        Counter.builder("adot.dot.probes.succeeded").description("DoT probes that got NOERROR").register(registry);
    timedOut = Counter.builder("adot.dot.probes.timedout").description("DoT probes that timed out").register(registry);
    evictions =
        Counter.builder("adot.dot.probe.table.evictions")
            .description("probe-table rows dropped because the table was full")
            .register(registry);
    notRecorded =
        Counter.builder("adot.dot.probe.table.not.recorded")
            .description("visits to new addresses not recorded because the table was at its hard size limit")
            .register(registry);
    for (ProbeOutcome o : ProbeOutcome.values()) {
      if (o != ProbeOutcome.OK && o != ProbeOutcome.TIMEOUT && o != ProbeOutcome.NONE) {
        failed.put(
            o,
            Counter.builder("adot.dot.probes.failed")
                .description("DoT probes that failed, other than timeouts")
                .tag("outcome", o.label())
                .register(registry));
      }
    }
    for (DotStatus from : DotStatus.values()) {
      Map<DotStatus, Counter> byTo = new EnumMap<>(DotStatus.class);
      for (DotStatus to : new DotStatus[] {DotStatus.GOOD, DotStatus.BAD}) {
        if (from != to) {
          byTo.put(
              to,
              Counter.builder("adot.dot.status.changes")
                  .description("probe-table rows that became Good or Bad")
                  .tag("from", from.tag())
                  .tag("to", to.tag())
                  .register(registry));
        }
      }
      changes.put(from, byTo);
    }
  }

  /**
   * Registers the gauges that read {@code table}. Gauges left by an earlier table in the same registry (an engine
   * restarted in the same process) are replaced, so they never report a table that is gone.
   */
  void bind(DotProbeTable table) {
    for (String name : new String[] {"adot.dot.probes.busy", "adot.dot.probe.table.entries"}) {
      for (Meter old : registry.find(name).meters()) {
        registry.remove(old);
      }
    }
    Gauge.builder("adot.dot.probes.busy", table, DotProbeTable::busyCount)
        .description("DoT probes in flight")
        .register(registry);
    for (DotStatus s : DotStatus.values()) {
      Gauge.builder("adot.dot.probe.table.entries", table, t -> t.count(s))
          .description("probe-table rows by status")
          .tag("status", s.tag())
          .register(registry);
    }
  }

  void probeStarted() {
    started.increment();
  }

  void probeFinished(ProbeResult result) {
    switch (result.outcome()) {
      case OK -> succeeded.increment();
      case TIMEOUT -> timedOut.increment();
      default -> {
        Counter c = failed.get(result.outcome());
        if (c != null) {
          c.increment();
        }
      }
    }
  }

  /** A row changed status; only changes into Good or Bad are counted. {@code from} is null for a new row. */
  void statusChanged(DotStatus from, DotStatus to) {
    Counter c = changes.get(from == null ? DotStatus.UNKNOWN : from).get(to);
    if (c != null) {
      c.increment();
    }
  }

  void notRecorded() {
    notRecorded.increment();
  }

  void evicted(int rows) {
    evictions.increment(rows);
  }
}
