package adot.server.dns;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads client datagrams, hands each to the {@link QueryProcessor}, and sends the response back to the sender.
 * Responses ready at once are flushed together at the end of each read batch; the others as they complete.
 */
@ChannelHandler.Sharable
public final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(UdpQueryHandler.class);
  private final QueryProcessor processor;

  public UdpQueryHandler(QueryProcessor processor) {
    this.processor = processor;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    byte[] bytes = ByteBufUtil.getBytes(packet.content());
    var sender = packet.sender();
    var answer = processor.process(bytes, sender.getAddress(), false);
    if (answer.isDone() && !answer.isCompletedExceptionally()) {
      // answered at once (packet cache, record cache, error): write now, flush once per batch of reads
      byte[] response = answer.getNow(null);
      if (response != null) {
        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(response), sender));
      }
      return;
    }
    answer.thenAccept(response -> {
      if (response != null) {
        ctx.channel().writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(response), sender));
      }
    });
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // e.g. ICMP errors surfacing on the socket: never close the listener for one bad exchange
    log.debug("event=udp-error error=\"{}\"", cause.toString());
  }
}
