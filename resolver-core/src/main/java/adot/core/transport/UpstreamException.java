package adot.core.transport;

/** Why an outgoing query got no usable reply. Carries no stack trace: it is an expected, frequent outcome. */
public final class UpstreamException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure the resolver and the probe engine react to differently. */
  public enum Kind {
    /** No reply within the timeout. */
    TIMEOUT,
    /** The connection was refused (TCP RST / ICMP port unreachable). */
    CONNECTION_REFUSED,
    /** The TLS handshake failed. */
    TLS_HANDSHAKE,
    /** The connection closed before the reply arrived. */
    CLOSED,
    /** The reply could not be parsed. */
    MALFORMED,
    /** Any other I/O error. */
    IO,
    /** The address is in {@code dont-query}, or the resolver is shutting down. */
    NOT_SENT
  }

  private final Kind kind;
  private final boolean freshConnection;

  public UpstreamException(Kind kind, String message) {
    this(kind, message, true);
  }

  /**
   * @param freshConnection for stream transports, whether the failure happened on a connection opened for this query
   *     (as opposed to a pooled one that may simply have gone stale)
   */
  public UpstreamException(Kind kind, String message, boolean freshConnection) {
    super(message, null, false, false);
    this.kind = kind;
    this.freshConnection = freshConnection;
  }

  public Kind kind() {
    return kind;
  }

  public boolean freshConnection() {
    return freshConnection;
  }

  @Override
  public String toString() {
    return kind + ": " + getMessage();
  }
}
