package adot.server;

import adot.server.control.CommandRegistry;
import adot.server.control.DumpCacheCommand;
import adot.server.control.DumpDotProbeMapCommand;
import adot.server.control.DumpNsSpeedsCommand;
import adot.server.control.GetAllCommand;
import adot.server.control.GetCommand;
import adot.server.control.QuitNicelyCommand;
import adot.server.control.VersionCommand;
import adot.server.control.WipeCacheCommand;
import adot.server.control.WipeRequest;
import adot.server.metrics.Statistics;
import java.time.ZoneId;
import java.util.List;

/** Wires the control socket's verbs to the parts of a running {@link Daemon}. */
final class ControlCommands {
  private ControlCommands() {}

  static CommandRegistry registry(Daemon daemon) {
    CommandRegistry registry = CommandRegistry.withBuiltins(VersionCommand.versionOf(Daemon.class));
    registry.register(new GetAllCommand(() -> Statistics.snapshot(daemon.registry())));
    registry.register(new GetCommand(() -> Statistics.snapshot(daemon.registry())));
    registry.register(new DumpDotProbeMapCommand(json -> json
        ? daemon.probes().dumpJson(ZoneId.systemDefault())
        : daemon.probes().dumpText(ZoneId.systemDefault())));
    registry.register(new DumpCacheCommand(() -> dumpCache(daemon)));
    registry.register(new DumpNsSpeedsCommand(() -> dumpNsSpeeds(daemon)));
    registry.register(new WipeCacheCommand(requests -> wipe(daemon, requests)));
    registry.register(new QuitNicelyCommand(() -> {
      Thread t = new Thread(daemon::stop, "quit-nicely");
      t.start();
    }));
    return registry;
  }

  private static String dumpCache(Daemon daemon) {
    StringBuilder out = new StringBuilder("; adot-resolver record cache dump\n; name ttl class type rdata ; rank\n");
    for (String line : daemon.resolver().recordCache().dumpLines()) {
      out.append(line).append('\n');
    }
    out.append("; ").append(daemon.resolver().negativeCache().size()).append(" negative entries\n");
    return out.toString();
  }

  private static String dumpNsSpeeds(Daemon daemon) {
    StringBuilder out = new StringBuilder("; nsspeed dump follows\n; ip\tsrtt-ms\tqueries\ttimeouts\tstate\n");
    for (String line : daemon.resolver().serverStats().dumpLines()) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static Integer wipe(Daemon daemon, List<WipeRequest> requests) {
    int total = 0;
    for (WipeRequest r : requests) {
      total += daemon.resolver().wipeCache(r.dnsName(), r.subtree());
    }
    daemon.clearPacketCache();
    return total;
  }
}
