package adot.server.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one client TCP connection (RFC 7766): every length-prefixed query is processed as it arrives and answered
 * as soon as its answer is ready, so pipelined queries are answered out of order. At most {@code maxInFlight} queries
 * of the connection are being resolved or written at once; queries beyond that wait here, and reading pauses until
 * answers have gone out (back-pressure instead of an unbounded queue). Reading pauses too while the client does not
 * read its answers (the channel is not writable), so a client that only sends cannot pile answers up in memory; such a
 * connection is closed by the idle timeout. Idle connections are closed.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
  /**
   * Queries read but not started, at most. Reading stops as soon as one waits, so what waits is what the reads already
   * under way held: a 64 KB read holds up to about 3,400 minimal queries, and one more read may follow before reading
   * stops. Beyond this the connection is closed (a safety net, not the bound that matters).
   */
  static final int MAX_WAITING = 8192;
  private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);
  private final QueryProcessor processor;
  private final int maxInFlight;
  // Touched only on this channel's event loop.
  private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
  private int inFlight;
  /** A client outside allow-from that gets REFUSED: once, then the connection is closed (it holds a shared slot). */
  private boolean refuseOnce;

  TcpQueryHandler(QueryProcessor processor, int maxInFlight) {
    this.processor = processor;
    this.maxInFlight = maxInFlight;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    if (!processor.admitsTcp(client)) {
      ctx.close();
      return;
    }
    refuseOnce = !processor.allows(client);
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] query = ByteBufUtil.getBytes(frame);
    if (inFlight < maxInFlight && waiting.isEmpty()) {
      start(ctx, query);
    } else if (waiting.size() < MAX_WAITING) {
      waiting.add(query);
    } else {
      log.debug("event=tcp-overrun remote={} waiting={}", ctx.channel().remoteAddress(), waiting.size());
      ctx.close();
      return;
    }
    updateReading(ctx);
  }

  private void start(ChannelHandlerContext ctx, byte[] query) {
    inFlight++;
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    processor.process(query, remote.getAddress(), true).whenComplete((response, error) ->
        ctx.executor().execute(() -> {
          if (response != null && ctx.channel().isActive()) {
            // In flight until written: answers the client does not read must not accumulate.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(response)).addListener(f -> {
              finished(ctx);
              if (refuseOnce) {
                ctx.close();
              }
            });
          } else {
            finished(ctx);
            if (refuseOnce) {
              ctx.close(); // dropped (malformed...): a disallowed client gets one packet's worth, not a slot
            }
          }
        }));
  }

  private void finished(ChannelHandlerContext ctx) {
    inFlight--;
    while (inFlight < maxInFlight && !waiting.isEmpty() && ctx.channel().isActive()) {
      start(ctx, waiting.poll());
    }
    updateReading(ctx);
  }

  private void updateReading(ChannelHandlerContext ctx) {
    boolean read = inFlight < maxInFlight && waiting.isEmpty() && ctx.channel().isWritable();
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateReading(ctx);
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    waiting.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      ctx.close(); // RFC 7766 §6.2.3: the server may close idle connections
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("event=tcp-error remote={} error=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
    ctx.close(); // a framing error or reset ends this connection only
  }
}
