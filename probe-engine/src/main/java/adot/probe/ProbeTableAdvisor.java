package adot.probe;

import adot.core.transport.TransportAdvisor;
import adot.core.transport.UpstreamException;
import java.net.InetAddress;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * The opportunistic-DoT policy behind core's {@link TransportAdvisor} seam, answered from the {@link DotProbeTable} in
 * memory.
 *
 * <ul>
 *   <li>{@link #transportFor}: DoT if the name server's name is under one of {@code dot-to-auth-names}, or if probing
 *       is on and the address has a live Good row; Do53 otherwise;
 *   <li>{@link #visited}: counts the visit, and starts a probe (asynchronously) when the row goes Busy;
 *   <li>{@link #dotSucceeded}: keeps a Good row alive for another {@code persistence};
 *   <li>{@link #dotFailed}: the server goes Bad for {@code damping}. The transport retries a failure on a stale pooled
 *       connection itself before reporting, so every report counts.
 * </ul>
 */
public final class ProbeTableAdvisor implements TransportAdvisor {
  private final DotProbeTable table;
  private final ProbeScheduler scheduler;
  private final DotToAuthNames forcedDot;
  private final boolean opportunistic;

  public ProbeTableAdvisor(DotProbeTable table, ProbeScheduler scheduler) {
    this.table = Objects.requireNonNull(table, "table");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.forcedDot = new DotToAuthNames(table.options().dotToAuthNames());
    this.opportunistic = table.options().probingEnabled();
  }

  @Override
  public Choice transportFor(InetAddress server, Name zone, Name nsName) {
    if (forcedDot.matches(nsName)) {
      return Choice.DOT;
    }
    return opportunistic && table.isGood(server) ? Choice.DOT : Choice.DO53;
  }

  @Override
  public void visited(InetAddress server, Name zone) {
    DotProbeTable.Visit visit = table.visit(server, zone);
    if (visit.probeNow()) {
      scheduler.launch(visit.row());
    }
  }

  @Override
  public void dotSucceeded(InetAddress server) {
    table.dotSucceeded(server);
  }

  @Override
  public void dotFailed(InetAddress server, Name zone, UpstreamException failure) {
    String connection = failure.freshConnection() ? "new" : "pooled";
    String reason = failure.kind() + " (" + connection + " connection): " + failure.getMessage();
    table.dotFailed(server, zone, ProbeOutcome.of(failure.kind()), reason);
  }
}
