package adot.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metrics as PowerDNS-style statistics for {@code rec-control get-all}: one {@code name → value} per counter,
 * gauge and timer count. A meter {@code adot.cache.hits} becomes {@code cache-hits}; its tags are appended in order,
 * so {@code adot.questions{transport=udp}} becomes {@code questions-udp}. The values are the ones the Prometheus
 * endpoint shows. Only the resolver's own meters ({@code adot.*}) are listed; the process's ({@link JvmMetrics}) are
 * on the Prometheus endpoint only.
 */
public final class Statistics {
  private Statistics() {}

  public static SortedMap<String, Long> snapshot(MeterRegistry registry) {
    SortedMap<String, Long> out = new TreeMap<>();
    for (Meter m : registry.getMeters()) {
      if (!m.getId().getName().startsWith("adot.")) {
        continue;
      }
      String name = name(m.getId());
      if (m instanceof Counter c) {
        out.merge(name, (long) c.count(), Long::sum);
      } else if (m instanceof FunctionCounter fc) {
        out.merge(name, (long) fc.count(), Long::sum);
      } else if (m instanceof Gauge g) {
        double v = g.value();
        if (!Double.isNaN(v)) {
          out.merge(name, (long) v, Long::sum);
        }
      } else if (m instanceof Timer t) {
        out.merge(name, t.count(), Long::sum);
      }
    }
    return out;
  }

  static String name(Meter.Id id) {
    String base = id.getName().startsWith("adot.") ? id.getName().substring(5) : id.getName();
    StringBuilder sb = new StringBuilder(base.replace('.', '-').replace('_', '-'));
    for (Tag tag : id.getTagsAsIterable()) {
      sb.append('-').append(tag.getValue().replace('.', '-').replace('_', '-'));
    }
    return sb.toString().toLowerCase(java.util.Locale.ROOT);
  }
}
