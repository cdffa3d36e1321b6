package adot.core.transport.dot;

import adot.core.transport.ReplyMatcher;
import adot.core.transport.UpstreamException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * One pooled DoT connection: TCP + TLS + 2-byte length framing (RFC 7858 §3.3, RFC 1035 §4.2.2), with many queries
 * pipelined on it and replies matched by message ID and question (RFC 7766 §6.2.1.1, §7), in any order; a query
 * whose ID is already in flight on the connection travels under a free one.
 *
 * <p>Threading: the channel and everything marked "loop only" are touched on {@link #loop}; the pending map is
 * concurrent because the pool reserves slots from any thread; {@link #state} and {@link #idleSinceNanos} belong to the
 * pool's monitor.
 */
final class DotConnection extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(DotConnection.class);
  /** Largest DNS message plus its 2-byte length prefix. */
  private static final int MAX_FRAME = 65535 + 2;

  /** Life cycle, changed only under the pool's monitor. */
  enum State {
    /** TCP connect or TLS handshake in progress; queries wait in the pending map. */
    CONNECTING,
    /** Handshake done; queries are written as soon as they are assigned. */
    READY,
    /** No new queries; the channel is being closed. */
    CLOSING,
    /** Gone from the pool; pending queries have been failed. */
    CLOSED
  }

  private static final AtomicLong SERIALS = new AtomicLong();

  /**
   * Tells this connection from every other of this process (for bookkeeping that must not hold the object); a later
   * connection has a larger one.
   */
  final long serial = SERIALS.incrementAndGet();
  final DotServerKey key;
  final EventLoop loop;
  private final DotPool pool;
  private final String sniName;
  private final int port;
  private final ConcurrentHashMap<Integer, DotPending> pending = new ConcurrentHashMap<>();

  volatile State state = State.CONNECTING;
  /** Written on the loop, read by timers elsewhere. */
  private volatile long latestAnsweredWrite;
  /** Queries written so far; loop only. */
  private long writes;
  /** When it last became idle, on the client's clock; pool monitor only. */
  long idleSinceNanos;

  // Loop only.
  private Channel channel;
  private ChannelFuture connectFuture;
  private long connectStartMillis;
  private long connectStartNanos;
  /** TCP connect plus TLS handshake, once established. */
  private Duration setup;
  private boolean established;
  private boolean cleanedUp;
  private DotFailure failure;

  DotConnection(DotPool pool, DotServerKey key, String sniName, EventLoop loop, int port) {
    this.pool = pool;
    this.key = key;
    this.sniName = sniName;
    this.loop = loop;
    this.port = port;
  }

  /** The {@link #serial} of the newest connection made so far. */
  static long newestSerial() {
    return SERIALS.get();
  }

  int inFlight() {
    return pending.size();
  }

  /** The {@link DotPending#writeSeq} of the latest-written query answered so far, 0 if none. */
  long latestAnsweredWrite() {
    return latestAnsweredWrite;
  }

  /** How long the TCP connect and the TLS handshake took; {@code null} before. Loop only (replies arrive there). */
  Duration setup() {
    return setup;
  }

  /** Whether one more query fits here. */
  boolean canCarry(int maxInFlight) {
    return pending.size() < maxInFlight;
  }

  /**
   * Takes a slot for {@code p}; pool monitor held, {@link #canCarry} checked. When {@code p}'s message ID is already in
   * flight here, {@code p} travels under a free one: replies are matched by ID (RFC 7766 §7), so two queries with one
   * ID cannot share a connection, and opening another (a TLS handshake) for a clash of 16-bit random IDs would be
   * wasteful. Only the pool's monitor adds entries, and at most 65,534 are in flight, so a free ID exists.
   */
  void reserve(DotPending p) {
    p.fresh = state != State.READY;
    int wireId = p.id;
    if (pending.containsKey(wireId)) {
      int start = ThreadLocalRandom.current().nextInt(0x10000);
      for (int i = 0; pending.containsKey(wireId); i++) {
        wireId = (start + i) & 0xFFFF;
      }
    }
    p.wireId = wireId;
    // Last, and volatile: a timer thread that sees the connection (DotExchange.timedOut) then sees wireId too.
    p.connection = this;
    pending.put(wireId, p);
  }

  /** Gives back the slot of a query that no longer waits (timed out); a late reply will count as unmatched. */
  void cancel(DotPending p) {
    if (pending.remove(p.wireId, p)) {
      pool.released(this);
    }
  }

  /** Opens the connection, on its event loop. */
  void start() {
    execute(this::connect);
  }

  /** Writes {@code p} if the connection is ready; if still connecting, the handshake's completion will write it. */
  void scheduleWrite(DotPending p) {
    execute(() -> write(p));
  }

  /** Closes the channel without failing anything in particular (idle, or evicted). */
  void closeChannel() {
    execute(this::closeNow);
  }

  /** Closes the connection and fails whatever is in flight with {@code why}. */
  void shutdown(DotFailure why) {
    execute(
        () -> {
          recordFailure(why);
          closeNow();
        });
  }

  private void execute(Runnable task) {
    if (loop.inEventLoop()) {
      task.run(); // already on the connection's loop (a resolution that runs there): no task hop
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The event loop group is shutting down: nothing will ever run here again.
      recordFailure(new DotFailure(UpstreamException.Kind.NOT_SENT, "DoT event loop shut down"));
      cleanUp();
    }
  }

  private void closeNow() {
    if (channel != null) {
      channel.close();
    } else {
      cleanUp();
    }
  }

  private void connect() {
    if (state != State.CONNECTING) {
      // Closed (client shut down) before the connect task ran.
      recordFailure(new DotFailure(UpstreamException.Kind.CLOSED, "DoT connection closed before it was opened", true));
      cleanUp();
      return;
    }
    DotOptions options = pool.options();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                options.connectTimeout().toMillis()))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    SslHandler tls = pool.tls().newHandler(ch.alloc(), key.address(), port, sniName);
                    ch.pipeline()
                        .addLast("quickack", TcpQuickAck.INSTANCE)
                        .addLast("tls", tls)
                        // Queries written in one event-loop turn (or while replies are being read) leave in one
                        // write call, each in a TLS record of its own (see DotTls#newHandler).
                        .addLast("flush", new FlushConsolidationHandler(
                            FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                        .addLast("idle", new IdleStateHandler(
                            0, 0, options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                        .addLast("frame", new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 2, 0, 2))
                        .addLast("dot", DotConnection.this);
                  }
                });
    connectStartMillis = System.currentTimeMillis();
    connectStartNanos = pool.time().nanoTime();
    connectFuture = bootstrap.connect(new InetSocketAddress(key.address(), port));
    channel = connectFuture.channel();
    connectFuture.addListener(
        f -> {
          if (!f.isSuccess()) {
            recordFailure(DotFailure.of(f.cause(), false));
          }
        });
    channel.closeFuture().addListener(f -> cleanUp());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake) {
      if (handshake.isSuccess()) {
        onEstablished(ctx);
      } else {
        if (state == State.CONNECTING) { // not one we were closing ourselves
          pool.metrics().handshakeFailures.increment();
        }
        recordFailure(DotFailure.of(handshake.cause(), false));
        ctx.close();
      }
    } else if (event instanceof SslCloseCompletionEvent) {
      // The server's close_notify: it sends nothing more here (RFC 8446 §6.1), even if it keeps the TCP connection
      // open. Closing now resends what is pending (a clean close) instead of letting it and later queries time out.
      log.debug("DoT connection to {} got the server's close_notify", key.address().getHostAddress());
      ctx.close();
      ctx.fireUserEventTriggered(event);
    } else if (event instanceof IdleStateEvent) {
      if (pool.closeIfIdle(this)) {
        log.debug("closing idle DoT connection to {}", key.address().getHostAddress());
        ctx.close();
      }
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  private void onEstablished(ChannelHandlerContext ctx) {
    established = true;
    setup = Duration.ofNanos(Math.max(0, pool.time().nanoTime() - connectStartNanos));
    SslHandler tls = ctx.pipeline().get(SslHandler.class);
    boolean resumed = DotTls.wasResumed(tls.engine(), connectStartMillis);
    if (resumed) {
      pool.metrics().sessionsResumed.increment();
    }
    log.debug("DoT connection to {} established ({}, ALPN {}, {})", key.address().getHostAddress(),
        tls.engine().getSession().getProtocol(), tls.applicationProtocol(), resumed ? "resumed" : "full handshake");
    if (!pool.markEstablished(this)) {
      return;
    }
    for (DotPending p : pending.values()) {
      write(p);
    }
    pool.released(this); // if every waiting query timed out meanwhile, the idle bound applies now
  }

  /** Loop only. */
  private void write(DotPending p) {
    if (p.writeSeq > 0 || state != State.READY || pending.get(p.wireId) != p) {
      return;
    }
    p.writeNanos = pool.time().nanoTime();
    p.writeSeq = ++writes; // volatile: publishes writeNanos to the timer (DotExchange#timedOut)
    pool.metrics().queriesSent.increment();
    // One buffer per message, its two-byte length (RFC 7858 §3.3) included: the TLS handler makes one record of it.
    // The exchange's bytes stay the caller's (a retry on another connection sends them under their own ID).
    byte[] wire = p.exchange.wire();
    byte[] framed = new byte[wire.length + 2];
    framed[0] = (byte) (wire.length >>> 8);
    framed[1] = (byte) wire.length;
    System.arraycopy(wire, 0, framed, 2, wire.length);
    framed[2] = (byte) (p.wireId >>> 8);
    framed[3] = (byte) p.wireId;
    channel
        .writeAndFlush(Unpooled.wrappedBuffer(framed))
        .addListener(
            f -> {
              if (!f.isSuccess() && pending.remove(p.wireId, p)) {
                pool.released(this); // as for any other slot given back (the channel is usually closing anyway)
                p.exchange.failed(p, DotFailure.of(f.cause(), true));
              }
            });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    Message reply;
    try {
      reply = new Message(ByteBufUtil.getBytes(frame));
    } catch (IOException | RuntimeException e) {
      // The stream can no longer be trusted to be in sync: drop the connection, fail what it carried.
      pool.metrics().malformedReplies.increment();
      recordFailure(new DotFailure(UpstreamException.Kind.MALFORMED, "unparseable DoT reply: " + e.getMessage()));
      ctx.close();
      return;
    } finally {
      frame.release();
    }
    int id = reply.getHeader().getID();
    DotPending p = pending.get(id);
    if (p == null || p.writeSeq == 0 || !ReplyMatcher.answers(p.exchange.question(), reply)) {
      pool.metrics().unmatchedReplies.increment();
      log.debug("dropping unmatched DoT reply id {} from {}", id, key.address().getHostAddress());
      return;
    }
    if (pending.remove(id, p)) {
      if (p.writeSeq > latestAnsweredWrite) {
        latestAnsweredWrite = p.writeSeq; // loop only: the volatile write publishes it
      }
      pool.released(this);
      if (!p.settle()) {
        return; // its timeout fired first and decided its outcome: a reply past the deadline
      }
      reply.getHeader().setID(p.id);
      p.exchange.succeeded(p, reply);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    DotFailure why = DotFailure.of(cause, established);
    recordFailure(latestAnsweredWrite > 0 ? why.afterAnswers() : why);
    log.debug("DoT connection to {} failed: {}", key.address().getHostAddress(), cause.toString());
    ctx.close();
  }

  private void recordFailure(DotFailure why) {
    if (failure == null) {
      failure = why;
    }
  }

  /** Loop only (or after the loop died): leaves the pool and fails every pending query, once. */
  private void cleanUp() {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    pool.removeClosed(this);
    if (pending.isEmpty()) {
      return;
    }
    DotFailure why = failure;
    if (why == null && connectFuture != null && connectFuture.cause() != null) {
      why = DotFailure.of(connectFuture.cause(), false);
    }
    if (why == null && !established) {
      why = new DotFailure(UpstreamException.Kind.TLS_HANDSHAKE, "DoT connection closed before the TLS handshake");
    } else if (why == null) {
      // A clean close: after answers on it, the server may just cap queries or time per connection.
      why = new DotFailure(UpstreamException.Kind.CLOSED, "DoT connection closed by the server with queries pending");
      why = latestAnsweredWrite > 0 ? why.afterAnswers()
          : new DotFailure(why.kind(), why.message() + ", before answering anything on it");
    }
    for (DotPending p : pending.values()) {
      if (pending.remove(p.wireId, p)) {
        p.exchange.failed(p, why);
      }
    }
  }
}
