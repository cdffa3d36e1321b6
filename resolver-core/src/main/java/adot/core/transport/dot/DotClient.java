package adot.core.transport.dot;

import adot.core.time.TimeSource;
import adot.core.transport.Transport;
import adot.core.transport.Upstream;
import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import adot.core.transport.UpstreamRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * DNS over TLS to authoritative servers (RFC 7858): pooled, pipelined connections, one pool per server IP.
 *
 * <h2>What a query goes through</h2>
 * <ul>
 *   <li>It is put on the least loaded connection to its server that has fewer than
 *       {@link DotOptions#maxInFlightPerConnection()} queries in flight. If its message ID is already in flight on that
 *       connection, it travels under a free ID there and its reply gets the caller's ID back. Only when no connection
 *       has room is a new one opened, bounded by {@link DotOptions#maxConnectionsTotal()}: at the bound
 *       the least recently used idle connection is closed to make room, and if there is none the query fails at once
 *       with {@link UpstreamException.Kind#IO} and {@code freshConnection=false} (a local limit: not
 *       {@link UpstreamException#serverAtFault()}).</li>
 *   <li>Replies are matched by message ID and question, in any order. A reply matching nothing is dropped and counted;
 *       bytes that do not parse as DNS close the connection and fail its queries with
 *       {@link UpstreamException.Kind#MALFORMED}.</li>
 *   <li>{@link UpstreamRequest#timeout()} covers everything: connect, handshake, retry, reply; except that a first
 *       attempt written on a connection set up for it within {@code timeout} gets up to {@code timeout} from its
 *       write, when the request allows it ({@link UpstreamRequest#setupAllowance()}, at most that much longer in
 *       all). A connection being set up that no query waits for any more is closed at once.</li>
 *   <li>If the connection fails after its handshake had completed before the query was put on it (the server closed
 *       it, a reset...), or the client closes it itself, or the server closes it cleanly after answering on it (a
 *       server may cap queries or time per connection, RFC 7766 §6.2.4), the query is resent once on a connection
 *       being set up anew, and the caller sees only the outcome of that second attempt. So a failure the caller sees
 *       has {@code freshConnection=true}, except a {@link UpstreamException.Kind#TIMEOUT} on an established connection
 *       and the local limit above; and none of these closes is {@link UpstreamException#serverAtFault()}. "Fresh"
 *       means: the connection had not completed its handshake when the query was put on it (opened for this query,
 *       or for one that came just before).</li>
 *   <li>A timeout on an established connection is {@link UpstreamException#serverAtFault()} only if a query written
 *       after it there was answered (the server ignored it), or if another connection to the server went quiet so
 *       within the last minute. Otherwise the connection may be dead without a reset: it is closed (its other queries
 *       are resent as above), so the next query tries a new one. The timeout of a resend is not held against the
 *       server either: it ran on what was left of the time.</li>
 *   <li>A connection idle for {@link DotOptions#idleTimeout()} is closed; at most {@link DotOptions#maxIdlePerServer()}
 *       idle connections are kept per server. A server closing an idle connection is no failure: it just leaves the
 *       pool. Connections opened for probes are pooled like any other.</li>
 * </ul>
 *
 * <p>{@link UpstreamReply#rtt()} runs from the moment the query was written on its connection (so it does not include
 * the connect and handshake of a new connection: that is {@link UpstreamReply#connectionSetup()});
 * {@link UpstreamReply#reusedConnection()} is true when that connection was already established.
 *
 * <p>A reply completes the caller's future on the caller's event loop when {@link #send} was called on one of the
 * group's loops (a resolution in progress), else on the connection's loop. So the work that follows a reply (caching,
 * answering the client, the next query) stays on the loop of the question that asked, spread over the loops as the
 * questions are, instead of piling up on the one loop that holds a busy server's connection. Failures complete where
 * they are detected.
 *
 * <p>Thread-safe; {@link #send} never blocks and may be called from any thread. The event loop group is borrowed and
 * left running by {@link #close()}, unless the client was made by {@link #withOwnEventLoop}.
 */
public final class DotClient implements Upstream {
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final DotOptions options;
  private final TimeSource time;
  private final DotMetrics metrics;
  private final DotPool pool;

  /** A client on a borrowed event loop group, without metrics. */
  public DotClient(EventLoopGroup group, DotOptions options, TimeSource time) {
    this(group, options, time, (MeterRegistry) null);
  }

  /**
   * A client on a borrowed event loop group (which {@link #close()} leaves running).
   *
   * @param registry where to publish the {@code adot.dot.*} meters, or {@code null} for none
   */
  public DotClient(EventLoopGroup group, DotOptions options, TimeSource time, MeterRegistry registry) {
    this(group, false, options, time, registry, DotTls.Implementation.best());
  }

  /** A client on a borrowed group, without metrics, with the given TLS implementation (tests of both). */
  DotClient(EventLoopGroup group, DotOptions options, TimeSource time, DotTls.Implementation tls) {
    this(group, false, options, time, null, tls);
  }

  private DotClient(EventLoopGroup group, boolean ownsGroup, DotOptions options, TimeSource time,
      MeterRegistry registry, DotTls.Implementation tls) {
    this.group = Objects.requireNonNull(group, "group");
    this.ownsGroup = ownsGroup;
    this.options = Objects.requireNonNull(options, "options");
    this.time = Objects.requireNonNull(time, "time");
    this.metrics = new DotMetrics(registry);
    this.pool = new DotPool(options, new DotTls(options, tls), metrics, time, group);
    metrics.openConnectionsFrom(pool::openConnections);
  }

  /**
   * A client with its own single-threaded event loop, shut down by {@link #close()}: for tools and tests that have no
   * group to share.
   *
   * @param registry where to publish meters, or {@code null}
   */
  public static DotClient withOwnEventLoop(DotOptions options, TimeSource time, MeterRegistry registry) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    return new DotClient(group, true, options, time, registry, DotTls.Implementation.best());
  }

  public DotOptions options() {
    return options;
  }

  /** The counters so far. */
  public DotStats stats() {
    return metrics.snapshot();
  }

  /**
   * Sends {@code request} over DoT to {@code request.server()} on {@link DotOptions#port()}, with SNI
   * {@code request.tlsServerName()} when it is a usable host name.
   *
   * @throws IllegalArgumentException if the transport is not {@link Transport#DOT}, the query has no question, or it
   *     does not fit in a DNS message over TCP
   */
  @Override
  public CompletableFuture<UpstreamReply> send(UpstreamRequest request) {
    if (request.transport() != Transport.DOT) {
      throw new IllegalArgumentException("DotClient handles only DOT requests, not " + request.transport());
    }
    if (request.query().getQuestion() == null) {
      throw new IllegalArgumentException("query has no question");
    }
    byte[] wire = options.padding() ? DotPadding.toPaddedWire(request.query()) : request.query().toWire();
    if (wire.length > 65535) {
      throw new IllegalArgumentException("query too long for DNS over TCP: " + wire.length + " bytes");
    }
    String sniName = DotTls.sniName(request.tlsServerName());
    DotServerKey key = new DotServerKey(request.server(), options.verifyCertificates() ? sniName : null);
    EventLoop caller = callerLoop();
    DotExchange exchange = new DotExchange(pool, time, metrics, request, key, sniName, wire, caller);
    CompletableFuture<UpstreamReply> future = exchange.future();
    if (pool.isClosed()) {
      future.completeExceptionally(new UpstreamException(UpstreamException.Kind.NOT_SENT, "DoT client closed", true));
      return future;
    }
    try {
      // On the caller's loop when there is one: the timer is set and cancelled without waking another thread.
      exchange.armTimer(caller != null ? caller : group.next());
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(
          new UpstreamException(UpstreamException.Kind.NOT_SENT, "DoT event loop shut down", true));
      return future;
    }
    exchange.start();
    return future;
  }

  /** The loop of {@link #group} this thread runs, or {@code null} (a probe worker, a test's thread). */
  private EventLoop callerLoop() {
    for (EventExecutor e : group) {
      if (e.inEventLoop()) {
        return e instanceof EventLoop loop ? loop : null;
      }
    }
    return null;
  }

  /**
   * Closes every connection; queries in flight fail with {@link UpstreamException.Kind#CLOSED}, later ones with
   * {@link UpstreamException.Kind#NOT_SENT}. Does not wait. Shuts the event loop down only if this client owns it.
   */
  @Override
  public void close() {
    pool.closeAll();
    if (ownsGroup) {
      // A short quiet period lets the close tasks just queued run first.
      group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS);
    }
  }
}
