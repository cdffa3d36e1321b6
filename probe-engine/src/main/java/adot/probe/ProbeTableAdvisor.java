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
 *   <li>{@link #visited}: counts the visit, and starts a probe (asynchronously, with the visit's NS name as SNI) when
 *       the row goes Busy;
 *   <li>{@link #dotSucceeded}: keeps a Good row alive for another {@code persistence};
 *   <li>{@link #dotFailed}: the server goes Bad for {@code damping} when the failure was on a new connection (see
 *       {@link #countsAgainstServer}); the question is resent over Do53 in any case.
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
    if (!countsAgainstServer(failure)) {
      return;
    }
    String connection = failure.freshConnection() ? "new" : "pooled";
    String reason = failure.kind() + " (" + connection + " connection): " + failure.getMessage();
    table.dotFailed(server, zone, ProbeOutcome.of(failure.kind()), reason);
  }

  /**
   * Only a failure on a new connection says the server does not serve DoT (any more). Not one on a pooled connection:
   * the transport retries those on a new connection itself and reports the retry's outcome, except a timeout (the
   * question's time is spent), after which it closes the connection so that the next query to the server tries a new
   * one. Not the client's own refusals either: too many connections, or shutting down ({@code NOT_SENT}).
   */
  static boolean countsAgainstServer(UpstreamException failure) {
    return failure.freshConnection() && failure.kind() != UpstreamException.Kind.NOT_SENT;
  }
}
