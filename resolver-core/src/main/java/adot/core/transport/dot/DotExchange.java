package adot.core.transport.dot;

import adot.core.time.TimeSource;
import adot.core.transport.Transport;
import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import adot.core.transport.UpstreamRequest;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * One {@link DotClient#send} call: the caller's future, the deadline, and at most two attempts (the second only after
 * a failure on an already established connection or a blameless close, and always on a connection that was not
 * established yet). A timeout on an established connection that went quiet closes that connection.
 *
 * <p>The deadline is {@link UpstreamRequest#timeout()} from the call, extended once for a first attempt that waited
 * for its connection to be set up: to {@code timeout} after it was written, at most
 * {@link UpstreamRequest#setupAllowance()} longer in all. So a distant server's first query on a new connection is not
 * cut short by the TCP and TLS handshakes (three round trips instead of one, four with TLS 1.2), while the set-up itself
 * must still finish within {@code timeout}.
 *
 * <p>Callbacks arrive from event loops and the timer thread concurrently; the future's own atomic completion decides
 * which outcome wins.
 */
final class DotExchange {
  private final DotPool pool;
  private final TimeSource time;
  private final DotMetrics metrics;
  private final UpstreamRequest request;
  private final DotServerKey key;
  private final String sniName;
  private final Record question;
  private final byte[] wire;
  /** Where a reply completes the future: the caller's event loop, or {@code null} for wherever it arrives. */
  private final EventLoop callerLoop;
  private final CompletableFuture<UpstreamReply> future = new CompletableFuture<>();
  private final AtomicBoolean retried = new AtomicBoolean();
  /** When the call was made ({@link TimeSource#nanoTime()}). */
  private final long startNanos;
  private volatile DotPending current;
  /** The timer's loop; set once by {@link #armTimer} before the exchange starts. */
  private EventLoop timerLoop;
  /** The pending deadline; the future's completion cancels whichever is current. */
  private volatile ScheduledFuture<?> timer;
  /** Whether the deadline was extended already (at most once); timer loop only. */
  private boolean extended;

  DotExchange(
      DotPool pool, TimeSource time, DotMetrics metrics, UpstreamRequest request, DotServerKey key, String sniName,
      byte[] wire, EventLoop callerLoop) {
    this.pool = pool;
    this.callerLoop = callerLoop;
    this.time = time;
    this.metrics = metrics;
    this.request = request;
    this.key = key;
    this.sniName = sniName;
    this.question = request.query().getQuestion();
    this.wire = wire;
    this.startNanos = time.nanoTime();
  }

  /**
   * Sets the deadline on {@code loop} ({@link UpstreamRequest#timeout()} from now); call once, before {@link #start}.
   *
   * @throws RejectedExecutionException if the loop is shutting down
   */
  void armTimer(EventLoop loop) {
    timerLoop = loop;
    timer = loop.schedule(this::timedOut, request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    future.whenComplete((reply, failure) -> timer.cancel(false));
  }

  CompletableFuture<UpstreamReply> future() {
    return future;
  }

  int id() {
    return request.query().getHeader().getID();
  }

  Record question() {
    return question;
  }

  byte[] wire() {
    return wire;
  }

  DotServerKey key() {
    return key;
  }

  String sniName() {
    return sniName;
  }

  /** Makes the first attempt, on the least loaded usable connection or a new one. */
  void start() {
    attempt(false);
  }

  private void attempt(boolean onlyUnestablished) {
    DotPending pending = new DotPending(this);
    // Set before assigning: the write may fail at once, inside assign, and a retry then sets its own attempt here.
    current = pending;
    UpstreamException refused = pool.assign(pending, onlyUnestablished);
    if (refused != null) {
      future.completeExceptionally(refused);
      return;
    }
    if (future.isDone() && current == pending) {
      // Timed out (or failed) while we were assigning: give the slot back.
      pending.connection.cancel(pending);
    }
  }

  /**
   * The reply to {@code pending} arrived (ID and question matched), on the connection's loop: the future completes on
   * the caller's loop (see {@link DotClient}), or here if there is none or it no longer takes tasks.
   */
  void succeeded(DotPending pending, Message reply) {
    // From the write: a query that waited for a new connection did not wait for the server's answer all that time.
    Duration rtt = Duration.ofNanos(Math.max(0, time.nanoTime() - pending.writeNanos));
    UpstreamReply result =
        new UpstreamReply(reply, Transport.DOT, rtt, !pending.fresh, pending.fresh ? pending.connection.setup() : null);
    if (callerLoop != null && !callerLoop.inEventLoop()) {
      try {
        callerLoop.execute(() -> future.complete(result));
        return;
      } catch (RejectedExecutionException e) {
        // shutting down: complete here
      }
    }
    future.complete(result);
  }

  /**
   * {@code pending} failed. A failure on an established connection, or a blameless one ({@link DotFailure#blameless()})
   * on any, is retried once on a connection that is not established yet (the old one may simply have been closed by
   * the server meanwhile); any other failure is final.
   */
  void failed(DotPending pending, DotFailure failure) {
    if (future.isDone()) {
      return;
    }
    boolean retryable =
        (!pending.fresh || failure.blameless())
            && failure.kind() != UpstreamException.Kind.TIMEOUT
            && failure.kind() != UpstreamException.Kind.NOT_SENT
            && !pool.isClosed();
    if (retryable && retried.compareAndSet(false, true)) {
      metrics.retries.increment();
      attempt(true);
      return;
    }
    future.completeExceptionally(new UpstreamException(failure.kind(), failure.message(), pending.fresh,
        pending.fresh && !failure.blameless() && failure.kind() != UpstreamException.Kind.NOT_SENT));
  }

  /**
   * The deadline passed (it covers connect, handshake, any retry, and the reply; see the class comment for its one
   * extension). Held against the server: a first attempt on a connection set up for it, and a query on an established
   * connection that the server ignored (a query written after it there was answered), or that went quiet (answered
   * nothing written after it) when it was opened after another connection to the same server went quiet, within the
   * last minute ({@link DotPool#wentQuietAgain}). Not: a resend (it ran on what was left of the time), a query not yet
   * on a connection, and the first connection to go quiet, or others open with it, which may be dead without a reset
   * (a middlebox forgot them). A quiet connection is closed, its other queries are resent, and the next query to the
   * server tries a new connection.
   */
  void timedOut() {
    DotPending pending = current;
    if (pending != null && extendedFor(pending)) {
      return;
    }
    if (pending != null && !pending.settle()) {
      return; // its reply came first and is on its way to the caller's loop: it completes the future
    }
    DotConnection connection = pending == null ? null : pending.connection;
    boolean fresh = connection == null || pending.fresh;
    long writeSeq = fresh ? 0 : pending.writeSeq; // 0 unless written on a connection established before the query came
    boolean writtenOnEstablished = writeSeq > 0;
    long latestAnswered = writtenOnEstablished ? connection.latestAnsweredWrite() : 0;
    boolean ignored = writtenOnEstablished && latestAnswered > writeSeq;
    // Its own reply may have arrived just after we claimed the outcome: then the connection answers, it is not quiet.
    boolean quiet = writtenOnEstablished && latestAnswered < writeSeq;
    boolean firstAttemptOnNewConnection = connection != null && pending.fresh && !retried.get();
    if (future.isDone()) {
      return; // answered or failed meanwhile: nothing went quiet
    }
    boolean quietAgain = quiet && pool.wentQuietAgain(connection);
    UpstreamException timeout =
        new UpstreamException(
            UpstreamException.Kind.TIMEOUT,
            "no DoT reply from " + key.address().getHostAddress() + " within " + request.timeout().toMillis() + " ms"
                + (extended ? " of its write on a new connection" : "")
                + (quietAgain ? " (the second connection to go quiet within a minute)" : ""),
            fresh,
            firstAttemptOnNewConnection || ignored || quietAgain);
    if (!future.completeExceptionally(timeout)) {
      return;
    }
    // Not yet on a connection: attempt() sees the future done once it is, and gives the slot back itself.
    if (connection != null) {
      connection.cancel(pending);
      if (quiet) {
        pool.retire(connection, new DotFailure(UpstreamException.Kind.CLOSED,
            "DoT connection closed by the client: a query on it got no reply within " + request.timeout().toMillis()
                + " ms and nothing written after it was answered", true));
      }
    }
    // A retry that started after we read `current`, and checked the future before we completed it, is on a connection
    // nobody else will take it off (no timer of its own): cancel it too. Cancelling twice is harmless.
    DotPending retry = current;
    if (retry != pending && retry != null && retry.connection != null) {
      retry.connection.cancel(retry);
    }
  }

  /**
   * Moves the deadline once, for the first attempt written on a connection set up for it within {@code timeout}: to
   * {@code timeout} after the write, at most {@link UpstreamRequest#setupAllowance()} past the first deadline. Not for
   * a resend: it runs on what is left of the time. Timer loop only.
   *
   * <p>The arithmetic is on the injected {@link TimeSource}, the timer on the loop's real clock; with a fake clock in a
   * test the deadline still moves at most once, by at most one more timeout.
   *
   * @return whether the deadline was moved (the query waits on)
   */
  private boolean extendedFor(DotPending pending) {
    long allowance = request.setupAllowance().toNanos();
    if (extended || allowance == 0 || !pending.fresh || pending.writeSeq == 0 || retried.get() || future.isDone()) {
      return false;
    }
    long timeout = request.timeout().toNanos();
    if (pending.writeNanos - startNanos > timeout) {
      return false; // the set-up took longer than the timeout (the timer ran late): no more time for it
    }
    long deadline = Math.min(pending.writeNanos + timeout, startNanos + timeout + allowance);
    long left = deadline - time.nanoTime();
    if (left <= 0) {
      return false;
    }
    try {
      timer = timerLoop.schedule(this::timedOut, left, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return false; // shutting down: time out now
    }
    extended = true;
    if (future.isDone()) {
      timer.cancel(false); // completed while we re-armed: its cancel may have seen the old timer
    }
    return true;
  }
}
