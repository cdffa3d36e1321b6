package adot.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * What one probe found.
 *
 * @param outcome how it ended
 * @param handshake for a successful probe, how long the TCP connect and the TLS handshake of its connection took (the
 *     whole exchange when the probe found a connection already open); {@code null} otherwise
 * @param detail a short human-readable explanation for logs (e.g. the failure message or the RCODE)
 */
public record ProbeResult(ProbeOutcome outcome, Duration handshake, String detail) {

  public ProbeResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** A successful probe that took {@code handshake}. */
  public static ProbeResult ok(Duration handshake) {
    return new ProbeResult(ProbeOutcome.OK, handshake, "NOERROR over DoT");
  }

  /** A failed probe. */
  public static ProbeResult failed(ProbeOutcome outcome, String detail) {
    if (outcome == ProbeOutcome.OK) {
      throw new IllegalArgumentException("a failure cannot have outcome OK");
    }
    return new ProbeResult(outcome, null, detail);
  }

  public boolean succeeded() {
    return outcome == ProbeOutcome.OK;
  }
}
