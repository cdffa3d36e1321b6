package adot.probe;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the probes the {@link DotProbeTable} asks for, asynchronously, and writes each result back to its row.
 *
 * <p>The bound on concurrent probes is the table's Busy count (a row goes Busy only after taking one of the {@code
 * maxBusyDotProbes} slots), so this class never queues and never blocks its caller. It enforces the probe timeout
 * itself too ({@link CompletableFuture#orTimeout}), so a transport that never completes cannot hold a slot: a quarter
 * of the timeout after the transport's own deadline, so that the transport's verdict on its timeout (held against the
 * server, or not: a probe that counts as not sent) decides, and not which of two timers runs first.
 */
public final class ProbeScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);

  private final DotProbeTable table;
  private final DotProber prober;
  private final ProbeMetrics metrics;
  private final Duration timeout;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closed;

  public ProbeScheduler(DotProbeTable table, DotProber prober, Duration timeout, ProbeMetrics metrics) {
    this.table = Objects.requireNonNull(table, "table");
    this.prober = Objects.requireNonNull(prober, "prober");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Starts the probe for {@code busyRow} (a row {@link DotProbeTable#visit} just made Busy) and returns at once. The
   * future completes once the result has been applied to the table; it never fails.
   *
   * @param tlsServerName the SNI to send (the NS name that led to the server), or {@code null} for none
   */
  public CompletableFuture<ProbeResult> launch(DotProbeEntry busyRow, String tlsServerName) {
    if (closed) {
      ProbeResult notSent = ProbeResult.failed(ProbeOutcome.NOT_SENT, "probe engine stopped");
      table.probeFinished(busyRow, notSent);
      return CompletableFuture.completedFuture(notSent);
    }
    metrics.probeStarted();
    inFlight.incrementAndGet();
    log.debug("DoT probe of {} for zone {} started", IpAddresses.format(busyRow.ip()), busyRow.zone());
    CompletableFuture<ProbeResult> probe;
    try {
      probe = prober.probe(busyRow.ip(), busyRow.zone(), tlsServerName);
    } catch (RuntimeException e) {
      probe = CompletableFuture.failedFuture(e);
    }
    // copy(): the timeout completes our view only, never the transport's own future.
    return probe
        .copy()
        .orTimeout(timeout.toNanos() + timeout.toNanos() / 4, TimeUnit.NANOSECONDS)
        .handle(
            (result, failure) -> failure != null ? failure(failure) : result)
        .thenApply(result -> finish(busyRow, result));
  }

  private ProbeResult failure(Throwable failure) {
    ProbeOutcome outcome = ProbeOutcome.of(failure);
    String detail = outcome == ProbeOutcome.TIMEOUT ? "no reply within " + timeout.toMillis() + " ms" : failure.toString();
    return ProbeResult.failed(outcome, detail);
  }

  private ProbeResult finish(DotProbeEntry busyRow, ProbeResult result) {
    inFlight.decrementAndGet();
    metrics.probeFinished(result);
    log.debug("DoT probe of {} finished: {}", IpAddresses.format(busyRow.ip()), result);
    try {
      table.probeFinished(busyRow, result);
    } catch (RuntimeException e) {
      log.warn("event=probe-result-error ip={}", IpAddresses.format(busyRow.ip()), e);
    }
    return result;
  }

  /** Probes started and not yet finished. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Stops starting probes: a later {@link #launch} puts its row back to Unknown without sending anything. */
  @Override
  public void close() {
    closed = true;
  }
}
