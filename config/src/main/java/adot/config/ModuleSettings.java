package adot.config;

import adot.core.transport.dot.DotOptions;
import adot.probe.ProbeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Maps the {@code outgoing} DoT settings onto the probe engine's and the DoT client's option records. */
final class ModuleSettings {
  private ModuleSettings() {}

  static ProbeOptions probe(SettingsReader r) throws ConfigError {
    Path state = r.optionalPath("outgoing.dot-probe.state-file");
    Duration damping = r.duration("outgoing.dot-probe.damping", false);
    Duration visitWindow = r.optionalDuration("outgoing.dot-probe.visit-window", false); // null: damping
    try {
      return ProbeOptions.builder()
          .maxBusyDotProbes(r.integer("outgoing.max-busy-dot-probes", 0, 100_000))
          .visitsBeforeProbe(r.integer("outgoing.dot-probe.visits-before-probe", 1, 1_000_000))
          .visitWindow(visitWindow)
          .persistence(r.duration("outgoing.dot-probe.persistence", false))
          .damping(damping)
          .timeout(r.duration("outgoing.dot-probe.timeout", false))
          .maxEntries(r.integer("outgoing.dot-probe.max-entries", 1, 100_000_000))
          .stateFile(state)
          .saveInterval(r.duration("outgoing.dot-probe.save-interval", false))
          .pruneInterval(r.duration("outgoing.dot-probe.prune-interval", false))
          .dotToAuthNames(names(r, "outgoing.dot-to-auth-names"))
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigError("outgoing.dot-probe: " + e.getMessage());
    }
  }

  static DotOptions dot(SettingsReader r) throws ConfigError {
    try {
      return new DotOptions(
          r.integer("outgoing.dot-port", 1, 65535),
          r.duration("outgoing.dot.connect-timeout", false),
          r.duration("outgoing.dot.idle-timeout", false),
          r.integer("outgoing.dot.max-idle-per-server", 0, 1_000),
          r.integer("outgoing.dot.max-connections", 1, 1_000_000),
          r.integer("outgoing.dot.max-queries-per-connection", 1, 65535),
          r.bool("outgoing.dot.padding"),
          false); // opportunistic mode never validates certificates (RFC 9539 §4.1)
    } catch (IllegalArgumentException e) {
      throw new ConfigError("outgoing.dot: " + e.getMessage());
    }
  }

  private static List<Name> names(SettingsReader r, String key) throws ConfigError {
    return r.each(key, s -> {
      try {
        return Name.fromString(s.endsWith(".") ? s : s + ".");
      } catch (TextParseException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
    }, "a domain name such as \"example.net\"");
  }
}
