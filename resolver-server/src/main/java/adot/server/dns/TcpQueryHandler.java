package adot.server.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one client TCP connection (RFC 7766): every length-prefixed query is processed as it arrives and answered
 * as soon as its answer is ready, so pipelined queries are answered out of order. At most {@code maxInFlight} queries
 * of the connection are resolved at once: beyond that, reading pauses until answers go out (back-pressure instead of
 * an unbounded queue). Idle connections are closed.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);
  private final QueryProcessor processor;
  private final int maxInFlight;
  private int inFlight; // touched only on this channel's event loop

  TcpQueryHandler(QueryProcessor processor, int maxInFlight) {
    this.processor = processor;
    this.maxInFlight = maxInFlight;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] bytes = ByteBufUtil.getBytes(frame);
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    if (++inFlight >= maxInFlight) {
      ctx.channel().config().setAutoRead(false);
    }
    processor.process(bytes, remote.getAddress(), true).whenComplete((response, error) ->
        ctx.executor().execute(() -> {
          if (--inFlight < maxInFlight) {
            ctx.channel().config().setAutoRead(true);
          }
          if (response != null && ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(response));
          }
        }));
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
