package adot.testkit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Fault#DOT_BROKEN_TLS} port: answers the client's first bytes with a line of text that is no TLS record, then
 * closes, as a web server on port 853 would.
 */
@Sharable
final class NotTlsHandler extends ChannelInboundHandlerAdapter {
    static final NotTlsHandler INSTANCE = new NotTlsHandler();
    /** What the client reads instead of a ServerHello. */
    static final String REPLY = "HTTP/1.1 400 Bad Request\r\n\r\n";

    private NotTlsHandler() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(REPLY, StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
