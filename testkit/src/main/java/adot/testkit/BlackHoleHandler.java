package adot.testkit;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/** Reads and discards everything, answers nothing and never closes: a DoT black hole (or a silent server). */
@Sharable
final class BlackHoleHandler extends ChannelInboundHandlerAdapter {
    static final BlackHoleHandler INSTANCE = new BlackHoleHandler();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Keep holding; a reset by the client closes the channel on its own.
    }
}
