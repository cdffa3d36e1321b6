package adot.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers length-prefixed DNS messages on one TCP or DoT connection (RFC 7766 / 7858). Each frame is answered as it
 * arrives, so pipelined queries are all answered, in order; the connection closes after the universe's idle
 * timeout. For DoT it also records the handshake outcome on the connection's {@link DotConnectionState}.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter {
    /** What a {@link Fault#DOT_BROKEN_DNS} server sends instead of a DNS reply: a frame that is no DNS message. */
    static final byte[] GARBAGE = "\u0000\u0008garbage!".getBytes(StandardCharsets.ISO_8859_1);

    private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);

    private final AuthServer server;
    private final QueryTransport transport;
    private final long connectionId;
    private final DotConnectionState dot;
    private final SessionTracker sessions;

    StreamHandler(AuthServer server, QueryTransport transport, long connectionId, DotConnectionState dot,
            SessionTracker sessions) {
        this.server = server;
        this.transport = transport;
        this.connectionId = connectionId;
        this.dot = dot;
        this.sessions = sessions;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        byte[] wire;
        try {
            wire = ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        Responder.Outcome outcome = Responder.respond(server, wire, transport, client, connectionId,
                dot != null && dot.resumed());
        if (transport == QueryTransport.DOT && outcome.query() != null
                && server.faults().contains(Fault.DOT_BROKEN_DNS)) {
            ctx.writeAndFlush(ctx.alloc().buffer(GARBAGE.length).writeBytes(GARBAGE))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (outcome.drop()) {
            return;
        }
        byte[] reply = outcome.reply();
        Duration delay = server.delay();
        if (delay.isZero()) {
            // Flushed once per read batch (channelReadComplete): pipelined answers share TLS records and writes.
            ctx.write(frame(ctx, reply));
        } else {
            ctx.executor().schedule(() -> ctx.writeAndFlush(frame(ctx, reply)), delay.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    private static ByteBuf frame(ChannelHandlerContext ctx, byte[] reply) {
        ByteBuf out = ctx.alloc().buffer(2 + reply.length);
        return out.writeShort(reply.length).writeBytes(reply);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent done && dot != null) {
            if (done.isSuccess()) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                SSLSession session = ssl.engine().getSession();
                String alpn = ssl.engine().getApplicationProtocol();
                boolean resumed = sessions.resumed(session, dot.accepted());
                dot.handshakeDone(Instant.now(), session.getProtocol(), alpn == null || alpn.isEmpty() ? null : alpn,
                        resumed);
                LOG.debug("DoT {} conn {} from {}: {} {} handshake, ALPN '{}'", server.name(), connectionId,
                        ctx.channel().remoteAddress(), session.getProtocol(), resumed ? "resumed" : "full", alpn);
            } else {
                dot.handshakeFailed(String.valueOf(done.cause()));
                LOG.debug("DoT {} conn {}: handshake failed: {}", server.name(), connectionId, done.cause());
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A broken connection (reset, bad TLS, oversized frame) ends that connection only; answers already written
        // in this read batch still go out first.
        ctx.flush();
        ctx.close();
    }
}
