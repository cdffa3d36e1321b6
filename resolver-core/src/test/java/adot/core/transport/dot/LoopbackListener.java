package adot.core.transport.dot;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** The listening half of the DoT client's test servers: a TCP socket on 127.0.0.1 at a port the kernel picks. */
final class LoopbackListener implements AutoCloseable {
  private final Channel serverChannel;

  /**
   * Binds at once and returns when listening.
   *
   * @param childOptions options and attributes for accepted connections, set on the bootstrap (may do nothing)
   * @param initChannel sets up each accepted connection's pipeline
   */
  LoopbackListener(EventLoopGroup group, Consumer<ServerBootstrap> childOptions, Consumer<Channel> initChannel)
      throws InterruptedException {
    ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class);
    childOptions.accept(bootstrap);
    serverChannel =
        bootstrap
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    initChannel.accept(ch);
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  LoopbackListener(EventLoopGroup group, Consumer<Channel> initChannel) throws InterruptedException {
    this(group, b -> {}, initChannel);
  }

  int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Stops listening; connections already accepted stay open. */
  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
  }
}
