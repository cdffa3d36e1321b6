package adot.core.transport.dot;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a TLS server that counts the TLS records the client sends (it reads the 5-byte
 * record headers of the client's byte stream; the content stays encrypted and is passed on untouched). Application
 * data records (content type 23) include, under TLS 1.3, the client's encrypted Finished message.
 */
final class TlsRecordProxy implements AutoCloseable {
  private static final int APPLICATION_DATA = 23;

  private final LoopbackListener listener;
  /** Records of content type 23 sent by clients so far, all connections together. */
  final AtomicInteger applicationDataRecords = new AtomicInteger();

  TlsRecordProxy(EventLoopGroup group, int targetPort) throws InterruptedException {
    listener = new LoopbackListener(group, b -> b.childOption(ChannelOption.AUTO_READ, false),
        client -> client.pipeline().addLast(new ClientSide(targetPort)));
  }

  int port() {
    return listener.port();
  }

  @Override
  public void close() {
    listener.close();
  }

  /** Relays the client's bytes to the server, counting record headers on the way. */
  private final class ClientSide extends ChannelInboundHandlerAdapter {
    private final int targetPort;
    private final byte[] header = new byte[5];
    private int headerFilled;
    private int skip; // bytes of the current record's body still to pass
    private Channel server;

    ClientSide(int targetPort) {
      this.targetPort = targetPort;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel client = ctx.channel();
      new Bootstrap()
          .group(client.eventLoop())
          .channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new Relay(client))
          .connect(new InetSocketAddress("127.0.0.1", targetPort))
          .addListener(f -> {
            if (f.isSuccess()) {
              server = ((ChannelFuture) f).channel();
              client.config().setAutoRead(true);
            } else {
              client.close();
            }
          });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      count(in.duplicate());
      server.writeAndFlush(in);
    }

    private void count(ByteBuf bytes) {
      while (bytes.isReadable()) {
        if (skip > 0) {
          int n = Math.min(skip, bytes.readableBytes());
          bytes.skipBytes(n);
          skip -= n;
          continue;
        }
        header[headerFilled++] = bytes.readByte();
        if (headerFilled == header.length) {
          if ((header[0] & 0xFF) == APPLICATION_DATA) {
            applicationDataRecords.incrementAndGet();
          }
          skip = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
          headerFilled = 0;
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (server != null) {
        server.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Relays the server's bytes back to the client. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel client;

    Relay(Channel client) {
      this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      client.writeAndFlush(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      client.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
