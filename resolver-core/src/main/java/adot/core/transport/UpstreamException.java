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
  private final boolean serverAtFault;

  public UpstreamException(Kind kind, String message) {
    this(kind, message, true);
  }

  /**
   * The server is at fault when the failure was on a connection opened for this query, unless nothing was sent.
   *
   * @param freshConnection for stream transports, whether the failure happened on a connection opened for this query
   *     (as opposed to a pooled one that may simply have gone stale)
   */
  public UpstreamException(Kind kind, String message, boolean freshConnection) {
    this(kind, message, freshConnection, freshConnection && kind != Kind.NOT_SENT);
  }

  /**
   * @param freshConnection as above
   * @param serverAtFault whether the failure says the server does not serve this transport properly (see
   *     {@link #serverAtFault()})
   */
  public UpstreamException(Kind kind, String message, boolean freshConnection, boolean serverAtFault) {
    super(message, null, false, false);
    this.kind = kind;
    this.freshConnection = freshConnection;
    this.serverAtFault = serverAtFault;
  }

  public Kind kind() {
    return kind;
  }

  public boolean freshConnection() {
    return freshConnection;
  }

  /**
   * Whether the failure says the server does not serve this transport properly, as opposed to a connection that went
   * stale, the client's own limits, or a query never sent. For DoT: a failure on a connection opened for the query
   * (except a close by the client itself, and the timeout of a resend, which ran on what was left of the time), a
   * timeout on a pooled connection that answered a query written after this one (the server ignored it), or one on a
   * pooled connection that answered nothing after it when another connection to the server did so within a minute.
   */
  public boolean serverAtFault() {
    return serverAtFault;
  }

  @Override
  public String toString() {
    return kind + ": " + getMessage();
  }
}
