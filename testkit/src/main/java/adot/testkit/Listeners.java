package adot.testkit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * Creates the Netty listeners of a universe's servers: UDP and TCP on the Do53 port, TLS on the DoT port. All share
 * the universe's event loop group, TLS context, session tracker and connection-id sequence.
 */
final class Listeners {
    private final EventLoopGroup group;
    /** Completes (in the background) during the universe's start, which waits for it before returning. */
    private final CompletableFuture<SSLContext> tls;
    private final SessionTracker sessions = new SessionTracker();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Duration idleTimeout;
    private volatile int dotPort;

    Listeners(EventLoopGroup group, CompletableFuture<SSLContext> tls, Duration idleTimeout) {
        this.group = group;
        this.tls = tls;
        this.idleTimeout = idleTimeout;
    }

    void dotPort(int port) {
        this.dotPort = port;
    }

    ChannelFuture bindUdp(AuthServer server, int port) {
        return new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Responder.MAX_STREAM_MESSAGE))
                .handler(new UdpHandler(server))
                .bind(new InetSocketAddress(server.address(), port));
    }

    ChannelFuture bindTcp(AuthServer server, int port) {
        return serverBootstrap().childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                long id = connectionIds.incrementAndGet();
                addDnsStream(ch.pipeline(), new StreamHandler(server, QueryTransport.TCP, id, null, sessions));
            }
        }).bind(new InetSocketAddress(server.address(), port));
    }

    ChannelFuture bindDot(AuthServer server, int port) {
        if (tls == null) {
            throw new IllegalStateException("no TLS context: universe has no DoT server");
        }
        return serverBootstrap().childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                long id = connectionIds.incrementAndGet();
                DotConnectionState state = new DotConnectionState(id, server, ch.remoteAddress(), Instant.now());
                server.logDotConnection(state);
                ch.closeFuture().addListener(f -> state.closed(Instant.now()));
                var faults = server.faults();
                if (faults.contains(Fault.DOT_BLACK_HOLE) || faults.contains(Fault.SILENT)) {
                    ch.pipeline().addLast(BlackHoleHandler.INSTANCE);
                    return;
                }
                if (faults.contains(Fault.DOT_BROKEN_TLS)) {
                    ch.pipeline().addLast(NotTlsHandler.INSTANCE);
                    return;
                }
                SSLContext context = tls.getNow(null);
                if (context == null) {
                    ch.close(); // only possible before start() has returned, when nobody knows the port yet
                    return;
                }
                ch.pipeline().addLast(new SslHandler(DotTls.newServerEngine(context)));
                addDnsStream(ch.pipeline(), new StreamHandler(server, QueryTransport.DOT, id, state, sessions));
                Duration wait = server.handshakeDelay();
                if (!wait.isZero()) {
                    // Not read until then: the client's ClientHello waits in the socket, and so does its handshake.
                    ch.config().setAutoRead(false);
                    ch.eventLoop().schedule(() -> ch.config().setAutoRead(true), wait.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }).bind(new InetSocketAddress(server.address(), port));
    }

    /** Binds the DoT listener of {@code server} on the universe's DoT port, waiting for it (not on an event loop). */
    Channel bindDot(AuthServer server) {
        ChannelFuture f = bindDot(server, dotPort).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException("cannot bind DoT listener " + server.address().getHostAddress() + ":"
                    + dotPort + " again", f.cause());
        }
        return f.channel();
    }

    private ServerBootstrap serverBootstrap() {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    private void addDnsStream(ChannelPipeline p, StreamHandler handler) {
        p.addLast(new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        p.addLast(new LengthFieldBasedFrameDecoder(Responder.MAX_STREAM_MESSAGE + 2, 0, 2, 0, 2));
        p.addLast(handler);
    }
}
