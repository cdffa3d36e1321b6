package adot.server.dns;

import adot.config.IncomingOptions;
import adot.config.ListenAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a UDP and a TCP listener on every {@code incoming.listen} address. A failed bind stops start-up with a
 * message that says how to fix it.
 */
public final class DnsListeners implements AutoCloseable {
  private final List<Channel> channels = new ArrayList<>();
  private final List<Channel> udpChannels = new ArrayList<>();
  private final List<InetSocketAddress> udpAddresses = new ArrayList<>();
  private final List<InetSocketAddress> tcpAddresses = new ArrayList<>();

  /** Thrown when a listener cannot be bound; the message is meant for the operator. */
  public static final class BindFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BindFailure(String message) {
      super(message, null, false, false);
    }
  }

  public DnsListeners(EventLoopGroup group, IncomingOptions options, QueryProcessor processor) {
    TcpConnectionLimiter limiter = new TcpConnectionLimiter(options.maxTcpClients());
    UdpQueryHandler udpHandler = new UdpQueryHandler(processor);
    try {
      for (ListenAddress listen : options.listen()) {
        Channel tcp = bind(new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childHandler(new TcpServerInitializer(processor, limiter, options.tcpIdleTimeout(),
                options.maxTcpQueriesInFlight()))
            .bind(listen.socketAddress()), listen, "TCP");
        tcpAddresses.add((InetSocketAddress) tcp.localAddress());
        // UDP on the port TCP got, so port 0 (tests) yields one port for both
        InetSocketAddress udpAt = new InetSocketAddress(listen.address(),
            ((InetSocketAddress) tcp.localAddress()).getPort());
        // One UDP socket per event-loop thread, all on the same address with SO_REUSEPORT: the kernel spreads
        // datagrams across them, so every thread reads (one NIO datagram channel is served by one thread only).
        Bootstrap udpBootstrap = new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
            .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), options.threads() > 1)
            .handler(udpHandler);
        for (int i = 0; i < options.threads(); i++) {
          Channel udp = bind(udpBootstrap.bind(udpAt), listen, "UDP");
          udpChannels.add(udp);
          if (i == 0) {
            udpAddresses.add((InetSocketAddress) udp.localAddress());
          }
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private Channel bind(ChannelFuture future, ListenAddress where, String proto) {
    future.awaitUninterruptibly(); // start-up only, on the main thread: never on an event loop
    if (!future.isSuccess()) {
      throw new BindFailure(explain(future.cause(), where, proto));
    }
    channels.add(future.channel());
    return future.channel();
  }

  static String explain(Throwable cause, ListenAddress where, String proto) {
    String base = "cannot listen on " + where + " (" + proto + "): " + cause.getMessage();
    if (cause instanceof BindException || cause instanceof SocketException) {
      String msg = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (msg.contains("permission") || msg.contains("access")) {
        return base + " - ports below 1024 need root or CAP_NET_BIND_SERVICE: use the shipped systemd unit "
            + "(AmbientCapabilities=CAP_NET_BIND_SERVICE) or a port such as 5300 in incoming.listen";
      }
      if (msg.contains("in use")) {
        return base + " - another process listens there (ss -lunpt | grep ':" + where.port() + " '); stop it or "
            + "change incoming.listen";
      }
      if (msg.contains("assign")) {
        return base + " - the address is not configured on this machine (ip addr); fix incoming.listen";
      }
    }
    return base;
  }

  /** The UDP addresses actually bound (ports resolved when 0 was asked). */
  public List<InetSocketAddress> udpAddresses() {
    return List.copyOf(udpAddresses);
  }

  public List<InetSocketAddress> tcpAddresses() {
    return List.copyOf(tcpAddresses);
  }

  /**
   * Stops taking new questions but keeps the UDP sockets open, so that the answers to questions in flight can still be
   * sent: closes the TCP listening sockets (connections already accepted finish on their own) and stops reading UDP.
   */
  public void stopAccepting() {
    for (Channel c : channels) {
      if (!udpChannels.contains(c)) {
        c.close().awaitUninterruptibly();
      }
    }
    for (Channel c : udpChannels) {
      c.config().setAutoRead(false);
    }
  }

  /** Closes every listening socket, UDP included. */
  @Override
  public void close() {
    for (Channel c : channels) {
      c.close().awaitUninterruptibly();
    }
    channels.clear();
    udpChannels.clear();
  }
}
