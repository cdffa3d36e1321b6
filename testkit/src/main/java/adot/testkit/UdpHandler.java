package adot.testkit;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Answers UDP queries for one server; sends from the server's own address because the channel is bound to it. */
@Sharable
final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final AuthServer server;

    UdpHandler(AuthServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress client = packet.sender();
        byte[] wire = ByteBufUtil.getBytes(packet.content());
        Responder.Outcome outcome = Responder.respond(server, wire, QueryTransport.UDP, client, 0, false);
        if (outcome.drop()) {
            return;
        }
        for (byte[] forged : outcome.forged()) {
            ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(forged), client));
        }
        if (!outcome.forged().isEmpty()) {
            ctx.flush();
        }
        Duration delay = server.delay();
        Runnable send = () -> ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(outcome.reply()), client));
        if (delay.isZero()) {
            send.run();
        } else {
            ctx.executor().schedule(send, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One bad datagram (or an ICMP error surfacing as an exception) must never close the server's socket.
    }
}
