package adot.probe;

import adot.core.transport.TransportAdvisor;
import adot.core.transport.UpstreamException;
import java.net.InetAddress;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The opportunistic-DoT policy behind core's {@link TransportAdvisor} seam, answered from the {@link DotProbeTable} in
 * memory.
 *
 * <ul>
 *   <li>{@link #transportFor}: DoT only (no cleartext fallback) if the name server's name is under one of
 *       {@code dot-to-auth-names}; DoT if probing is on and the address has a live Good row; Do53 otherwise;
 *   <li>{@link #visited}: counts the visit, and starts a probe (asynchronously, with the visit's NS name as SNI) when
 *       the row goes Busy;
 *   <li>{@link #dotSucceeded}: keeps a Good row alive for another {@code persistence};
 *   <li>{@link #dotFailed}: the server goes Bad for {@code damping} when the transport holds the failure against it
 *       ({@link UpstreamException#serverAtFault()}); the question is resent over Do53 in any case. Exchanges with
 *       servers under {@code dot-to-auth-names} are reported to neither: they are not resent, and their rows (if
 *       any) stay as probing left them.
 * </ul>
 */
public final class ProbeTableAdvisor implements TransportAdvisor {
  private static final Logger log = LoggerFactory.getLogger(ProbeTableAdvisor.class);
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
      return Choice.DOT_ONLY;
    }
    return opportunistic && table.isGood(server) ? Choice.DOT : Choice.DO53;
  }

  @Override
  public void visited(InetAddress server, Name zone, Name nsName) {
    DotProbeTable.Visit visit = table.visit(server, zone);
    if (visit.probeNow()) {
      scheduler.launch(visit.row(), nsName == null ? null : nsName.toString(true));
    }
  }

  @Override
  public void dotSucceeded(InetAddress server) {
    table.dotSucceeded(server);
  }

  @Override
  public void dotFailed(InetAddress server, Name zone, UpstreamException failure) {
    if (!failure.serverAtFault()) {
      // A stale pooled connection, the client's own limits, or nothing sent: the question goes over Do53 all the same
      // (this is only called for opportunistic DoT, which is resent over Do53).
      log.debug("DoT failure of {} not held against it: {}", IpAddresses.format(server), failure);
      return;
    }
    String connection = failure.freshConnection() ? "new" : "pooled";
    String reason = failure.kind() + " (" + connection + " connection): " + failure.getMessage();
    table.dotFailed(server, zone, ProbeOutcome.of(failure.kind()), reason);
  }
}
