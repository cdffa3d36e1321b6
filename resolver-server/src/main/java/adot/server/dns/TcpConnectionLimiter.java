package adot.server.dns;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/** Closes new TCP connections beyond {@code max-tcp-clients} (PowerDNS {@code max-tcp-clients}). */
@ChannelHandler.Sharable
final class TcpConnectionLimiter extends ChannelInboundHandlerAdapter {
  private final AtomicInteger open = new AtomicInteger();
  private final int max;

  TcpConnectionLimiter(int max) {
    this.max = max;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (open.incrementAndGet() > max) {
      ctx.close();
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    open.decrementAndGet();
    super.channelInactive(ctx);
  }

  int open() {
    return open.get();
  }
}
