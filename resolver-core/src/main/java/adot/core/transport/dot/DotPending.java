package adot.core.transport.dot;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt of one query on one connection: the entry in that connection's ID → pending map. A query that is retried
 * gets a second {@code DotPending} on another connection.
 *
 * <p>Whoever removes it from its connection's map (reply, failure, timeout, close) owns its outcome: that is what makes
 * each attempt complete exactly once.
 */
final class DotPending {
  final DotExchange exchange;
  /** The caller's DNS message ID. */
  final int id;
  /**
   * The message ID on this attempt's connection: the caller's, unless another query in flight there already uses it,
   * in which case the connection picks a free one (replies are matched by it, and given the caller's ID back). Set by
   * {@link DotConnection#reserve} under the pool's monitor, before the attempt is visible to the connection's loop.
   */
  int wireId;
  /**
   * {@link adot.core.time.TimeSource#nanoTime()} when it was written on its connection: the start of its round-trip
   * time. Set on the connection's event loop before {@link #writeSeq}, and read only after it is seen non-zero.
   */
  long writeNanos;

  /** The connection it was assigned to; set by the pool before the attempt is visible to that connection. */
  volatile DotConnection connection;
  /**
   * Whether the connection had not yet completed its TLS handshake when the attempt was assigned to it (it was opened
   * for this query, or for a query that arrived moments before). A failure there is the server's doing; a failure on
   * an established connection may just mean the connection went stale.
   */
  volatile boolean fresh;
  /**
   * Its place in the order of writes on its connection (1, 2, ...), or 0 while not written: a query that times out
   * while one written after it was answered was ignored by a server that answers on that connection. Set on the
   * connection's event loop, read by timers elsewhere.
   */
  volatile long writeSeq;
  /**
   * Claimed once, by its reply (on the connection's loop, before the reply is handed to the caller's loop) or by its
   * timeout, whichever comes first: a timeout that fires after the reply arrived leaves the outcome to the reply
   * instead of taking the working connection for a quiet one.
   */
  private final AtomicBoolean settled = new AtomicBoolean();

  /** Claims the outcome for the caller (its reply, or its timeout); false if the other one claimed it first. */
  boolean settle() {
    return settled.compareAndSet(false, true);
  }

  DotPending(DotExchange exchange) {
    this.exchange = exchange;
    this.id = exchange.id();
    this.wireId = id;
  }
}
