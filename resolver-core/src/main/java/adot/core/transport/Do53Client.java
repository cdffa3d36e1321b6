package adot.core.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * Plain DNS to authoritative servers over UDP and TCP, on Netty.
 *
 * <p>UDP: every query gets a fresh socket bound to a random ephemeral port (RFC 5452 §9.2), so an off-path attacker
 * must guess port and ID. The socket is not connected, so datagrams from the wrong address or port, or with the wrong
 * ID or question, reach the handler: they are dropped and counted ({@code mismatched}) and the query keeps waiting for
 * the real reply. TCP: one connection per query (RFC 7766 framing); it is only used after truncation.
 */
public final class Do53Client {
  private final EventLoopGroup group;
  private final int port;
  private final FixedRecvByteBufAllocator udpReceiveBuffers;
  private final Counter mismatched;

  /**
   * @param maxUdpPayload the EDNS buffer size advertised in queries: the largest UDP reply to expect (Netty would
   *     otherwise read at most 2048 bytes of a datagram and drop the rest)
   */
  public Do53Client(EventLoopGroup group, int port, int maxUdpPayload, MeterRegistry registry) {
    this.group = group;
    this.port = port;
    this.udpReceiveBuffers = new FixedRecvByteBufAllocator(Math.max(512, maxUdpPayload));
    this.mismatched = Counter.builder("adot.outgoing.mismatched")
        .description("Replies dropped because address, port, ID or question did not match a query (spoof guard)")
        .register(registry);
  }

  /** Number of replies dropped because they did not match their query. */
  public long mismatchedReplies() {
    return (long) mismatched.count();
  }

  /** Sends over UDP. */
  public CompletableFuture<UpstreamReply> sendUdp(UpstreamRequest request) {
    CompletableFuture<UpstreamReply> result = new CompletableFuture<>();
    InetSocketAddress target = new InetSocketAddress(request.server(), port);
    byte[] wire = request.query().toWire();
    long start = System.nanoTime();
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NioDatagramChannel.class)
        .option(ChannelOption.RCVBUF_ALLOCATOR, udpReceiveBuffers)
        .handler(new UdpReplyHandler(request.query(), target, result, start));
    ChannelFuture bind = b.bind(0);
    bind.addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(new UpstreamException(UpstreamException.Kind.IO, "UDP bind: " + f.cause()));
        return;
      }
      Channel ch = bind.channel();
      scheduleTimeout(ch, result, request.timeout(), "UDP", target);
      result.whenComplete((r, e) -> ch.close());
      ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(wire), target)).addListener(w -> {
        if (!w.isSuccess()) {
          result.completeExceptionally(
              new UpstreamException(UpstreamException.Kind.IO, "UDP send to " + target + ": " + w.cause()));
        }
      });
    });
    return result;
  }

  /** Sends over TCP with a new connection. */
  public CompletableFuture<UpstreamReply> sendTcp(UpstreamRequest request) {
    CompletableFuture<UpstreamReply> result = new CompletableFuture<>();
    InetSocketAddress target = new InetSocketAddress(request.server(), port);
    byte[] wire = request.query().toWire();
    TcpReplyHandler handler = new TcpReplyHandler(request.query(), result, System.nanoTime());
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, request.timeout().toMillis()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(
                new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
                new LengthFieldPrepender(2),
                handler);
          }
        });
    ChannelFuture connect = b.connect(target);
    Channel ch = connect.channel();
    scheduleTimeout(ch, result, request.timeout(), "TCP", target);
    result.whenComplete((r, e) -> ch.close());
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(connectFailure(target, f.cause()));
        return;
      }
      handler.written = System.nanoTime(); // on the channel's loop, where its reply is read
      ch.writeAndFlush(Unpooled.wrappedBuffer(wire));
    });
    return result;
  }

  private static UpstreamException connectFailure(InetSocketAddress target, Throwable cause) {
    if (cause instanceof ConnectException) {
      return new UpstreamException(UpstreamException.Kind.CONNECTION_REFUSED, "TCP " + target + ": " + cause);
    }
    if (cause instanceof io.netty.channel.ConnectTimeoutException) {
      return new UpstreamException(UpstreamException.Kind.TIMEOUT, "TCP connect " + target + " timed out");
    }
    return new UpstreamException(UpstreamException.Kind.IO, "TCP " + target + ": " + cause);
  }

  private static void scheduleTimeout(Channel ch, CompletableFuture<UpstreamReply> result, Duration timeout,
      String transport, InetSocketAddress target) {
    // the message is built only when the timeout fires: it is on every query's path otherwise
    var timer = ch.eventLoop().schedule(
        () -> result.completeExceptionally(new UpstreamException(UpstreamException.Kind.TIMEOUT,
            transport + " " + target + " no reply in " + timeout.toMillis() + " ms")),
        timeout.toNanos(), TimeUnit.NANOSECONDS);
    result.whenComplete((r, e) -> timer.cancel(false));
  }

  private static Message parse(ByteBuf buf) throws IOException {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return new Message(bytes);
  }

  /** Accepts the first datagram from the right address and port whose ID and question match. */
  private final class UdpReplyHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Message query;
    private final InetSocketAddress target;
    private final CompletableFuture<UpstreamReply> result;
    private final long start;

    UdpReplyHandler(Message query, InetSocketAddress target, CompletableFuture<UpstreamReply> result, long start) {
      this.query = query;
      this.target = target;
      this.result = result;
      this.start = start;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      if (!packet.sender().equals(target)) {
        mismatched.increment();
        return;
      }
      Message reply;
      try {
        reply = parse(packet.content());
      } catch (IOException e) {
        mismatched.increment(); // unparseable: could be an attack; keep waiting for a real reply
        return;
      }
      if (!ReplyMatcher.matches(query, reply)) {
        mismatched.increment();
        return;
      }
      result.complete(new UpstreamReply(reply, Transport.DO53_UDP, Duration.ofNanos(System.nanoTime() - start), false));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // ICMP port unreachable surfaces as PortUnreachableException on some platforms: treat as refused
      if (cause instanceof java.net.PortUnreachableException) {
        result.completeExceptionally(
            new UpstreamException(UpstreamException.Kind.CONNECTION_REFUSED, "UDP " + target + " port unreachable"));
      }
    }
  }

  /**
   * Completes with the first length-prefixed message whose ID and question match; its RTT runs from the write, the
   * connect is its {@link UpstreamReply#connectionSetup()}.
   */
  private final class TcpReplyHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final Message query;
    private final CompletableFuture<UpstreamReply> result;
    private final long start;
    /** {@link System#nanoTime()} when the query was written; channel loop only. */
    long written;

    TcpReplyHandler(Message query, CompletableFuture<UpstreamReply> result, long start) {
      this.query = query;
      this.result = result;
      this.start = start;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      Message reply;
      try {
        reply = parse(frame);
      } catch (IOException e) {
        result.completeExceptionally(new UpstreamException(UpstreamException.Kind.MALFORMED, "TCP reply: " + e));
        return;
      }
      if (!ReplyMatcher.matches(query, reply)) {
        mismatched.increment();
        return;
      }
      long now = System.nanoTime();
      result.complete(new UpstreamReply(reply, Transport.DO53_TCP, Duration.ofNanos(now - written), false,
          Duration.ofNanos(written - start)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      result.completeExceptionally(new UpstreamException(UpstreamException.Kind.CLOSED, "TCP closed before reply"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      result.completeExceptionally(new UpstreamException(UpstreamException.Kind.IO, "TCP: " + cause));
      ctx.close();
    }
  }
}
