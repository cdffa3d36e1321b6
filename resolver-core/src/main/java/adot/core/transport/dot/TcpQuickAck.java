package adot.core.transport.dot;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges what was read at once, instead of after the kernel's delayed-ACK timer, by switching the socket to
 * quick-ACK mode after every read batch (Linux {@code TCP_QUICKACK}, which the kernel leaves again by itself, so it
 * is set each time).
 *
 * <p>Why: a server with Nagle's algorithm on may have only one small unacknowledged segment in flight. With queries
 * pipelined on one connection, its reply to a query that arrived while the previous reply still waited for our
 * delayed ACK stays in its socket until that ACK comes: with our next query, or after at least 40 ms. NSD 4.6 behaves
 * so on its DoT port (its 4.6.1 binary has no {@code TCP_NODELAY}); against it at 250 DoT queries a second every
 * reply came one query late (4 ms).
 *
 * <p>Sharable and stateless. Where the option does not exist (not Linux, or a runtime without {@code jdk.net}), it
 * does nothing.
 */
@ChannelHandler.Sharable
final class TcpQuickAck extends ChannelInboundHandlerAdapter {

  static final TcpQuickAck INSTANCE = new TcpQuickAck();

  /** Null when the runtime has no {@code jdk.net} module. */
  private static final ChannelOption<Boolean> QUICKACK = quickAckOption();

  private TcpQuickAck() {}

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // The handlers behind this one flush what they wrote during the read first: that segment carries the ACK, and
    // the option then sends no ACK of its own.
    ctx.fireChannelReadComplete();
    if (QUICKACK != null && ctx.channel().isActive()) {
      try {
        ctx.channel().config().setOption(QUICKACK, true); // false where the kernel has no such option
      } catch (RuntimeException e) {
        // the socket is closing under us; the close is handled elsewhere, an ACK does not matter then
      }
    }
  }

  private static ChannelOption<Boolean> quickAckOption() {
    try {
      return NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_QUICKACK);
    } catch (LinkageError e) {
      LoggerFactory.getLogger(TcpQuickAck.class).debug(
          "event=dot-quickack available=false reason=\"{}\" (replies from servers with Nagle's algorithm on may wait "
              + "for delayed ACKs)", e.toString());
      return null;
    }
  }
}
