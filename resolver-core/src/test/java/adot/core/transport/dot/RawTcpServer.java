package adot.core.transport.dot;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;

/** A plain TCP server on 127.0.0.1 for failure tests: a black hole (accepts, never answers) or a non-TLS speaker. */
final class RawTcpServer implements AutoCloseable {
  enum Mode {
    /** Accept the connection, read and discard everything, never write. */
    BLACK_HOLE,
    /** Greet with a line of text, as a server that does not speak TLS on this port would. */
    NOT_TLS
  }

  private final LoopbackListener listener;

  RawTcpServer(EventLoopGroup group, Mode mode) throws InterruptedException {
    listener = new LoopbackListener(group, ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        if (mode == Mode.NOT_TLS) {
          ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 400 Bad Request\r\n\r\n", StandardCharsets.US_ASCII));
        }
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ((ByteBuf) msg).release();
      }
    }));
  }

  int port() {
    return listener.port();
  }

  @Override
  public void close() {
    listener.close();
  }
}
