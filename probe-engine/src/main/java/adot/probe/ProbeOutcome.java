package adot.probe;

import adot.core.Futures;
import adot.core.transport.UpstreamException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** How the last probe, or the last DoT exchange in normal traffic, with one server ended. */
public enum ProbeOutcome {
  /** Nothing tried over DoT yet. */
  NONE,
  /** A well-formed NOERROR reply over DoT. */
  OK,
  /** The TLS handshake failed. */
  HANDSHAKE_FAILED,
  /** No reply within the probe timeout. */
  TIMEOUT,
  /** The connection to the DoT port was refused. */
  CONNECTION_REFUSED,
  /** The connection closed before the reply. */
  CONNECTION_CLOSED,
  /** A reply came but was unparseable, not over DoT, or its RCODE was not NOERROR. */
  BAD_DNS_ANSWER,
  /** Any other I/O error. */
  IO_ERROR,
  /** The query was not sent (address in {@code dont-query}, or the resolver is shutting down). */
  NOT_SENT;

  /** Lower-case, hyphenated name used in the dump, the state file and metric tags ({@code handshake-failed}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a {@link #label()}.
   *
   * @throws IllegalArgumentException if {@code text} is none of them
   */
  public static ProbeOutcome fromLabel(String text) {
    for (ProbeOutcome o : values()) {
      if (o.label().equals(text)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown probe outcome '" + text + "'");
  }

  /** The outcome for a failure, unwrapping {@link CompletionException}s. */
  public static ProbeOutcome of(Throwable failure) {
    Throwable t = Futures.unwrap(failure);
    if (t instanceof UpstreamException u) {
      return of(u.kind());
    }
    if (t instanceof TimeoutException) {
      return TIMEOUT;
    }
    if (t instanceof CancellationException) {
      return NOT_SENT;
    }
    return IO_ERROR;
  }

  /** The outcome for one kind of transport failure. */
  public static ProbeOutcome of(UpstreamException.Kind kind) {
    return switch (kind) {
      case TIMEOUT -> TIMEOUT;
      case CONNECTION_REFUSED -> CONNECTION_REFUSED;
      case TLS_HANDSHAKE -> HANDSHAKE_FAILED;
      case CLOSED -> CONNECTION_CLOSED;
      case MALFORMED -> BAD_DNS_ANSWER;
      case IO -> IO_ERROR;
      case NOT_SENT -> NOT_SENT;
    };
  }
}
