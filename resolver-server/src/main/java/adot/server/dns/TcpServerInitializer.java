package adot.server.dns;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Pipeline of a client TCP connection: limit, idle timer, RFC 1035 §4.2.2 two-byte length framing, handler. */
final class TcpServerInitializer extends ChannelInitializer<SocketChannel> {
  private final QueryProcessor processor;
  private final TcpConnectionLimiter limiter;
  private final Duration idleTimeout;
  private final int maxInFlight;

  TcpServerInitializer(QueryProcessor processor, TcpConnectionLimiter limiter, Duration idleTimeout, int maxInFlight) {
    this.processor = processor;
    this.limiter = limiter;
    this.idleTimeout = idleTimeout;
    this.maxInFlight = maxInFlight;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline().addLast(
        limiter,
        new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS),
        new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
        new LengthFieldPrepender(2),
        new TcpQueryHandler(processor, maxInFlight));
  }
}
