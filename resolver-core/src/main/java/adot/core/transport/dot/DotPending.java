package adot.core.transport.dot;

/**
 * One attempt of one query on one connection: the entry in that connection's ID → pending map. A query that is retried
 * gets a second {@code DotPending} on another connection.
 *
 * <p>Whoever removes it from its connection's map (reply, failure, timeout, close) owns its outcome: that is what makes
 * each attempt complete exactly once.
 */
final class DotPending {
  final DotExchange exchange;
  /** The DNS message ID, the caller's, unchanged on the wire. */
  final int id;
  /** {@link adot.core.time.TimeSource#nanoTime()} when the attempt began: the start of its round-trip time. */
  final long startNanos;

  /** The connection it was assigned to; set by the pool before the attempt is visible to that connection. */
  volatile DotConnection connection;
  /**
   * Whether the connection had not yet completed its TLS handshake when the attempt was assigned to it (it was opened
   * for this query, or for a query that arrived moments before). A failure there is the server's doing; a failure on
   * an established connection may just mean the connection went stale.
   */
  volatile boolean fresh;
  /** Written to the wire; touched only on the connection's event loop. */
  boolean written;

  DotPending(DotExchange exchange, long startNanos) {
    this.exchange = exchange;
    this.id = exchange.id();
    this.startNanos = startNanos;
  }
}
