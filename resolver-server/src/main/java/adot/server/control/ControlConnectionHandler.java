package adot.server.control;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one control connection: waits for the request line (within the read timeout), runs the command on the
 * command executor (within the command timeout), writes {@code OK}/{@code ERROR}, the body, and closes.
 *
 * <p>All state is confined to the channel's event loop; command results hop back onto it. After the request line
 * arrives, reading stops ({@code autoRead} off): a client cannot feed more data, and a client that half-closes its
 * sending side after the newline still gets its reply.
 */
final class ControlConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(ControlConnectionHandler.class);

  private enum State { AWAITING_REQUEST, EXECUTING, RESPONDING }

  private final CommandRegistry registry;
  private final Executor commandExecutor;
  private final int maxRequestBytes;
  private final Duration readTimeout;
  private final Duration commandTimeout;
  private final boolean rejected;

  private State state = State.AWAITING_REQUEST;
  private ScheduledFuture<?> timer;

  /**
   * @param rejected {@code true} when this connection is over the client limit: it is answered
   *     {@code ERROR too many control clients} and closed
   */
  ControlConnectionHandler(CommandRegistry registry, Executor commandExecutor, int maxRequestBytes,
      Duration readTimeout, Duration commandTimeout, boolean rejected) {
    this.registry = registry;
    this.commandExecutor = commandExecutor;
    this.maxRequestBytes = maxRequestBytes;
    this.readTimeout = readTimeout;
    this.commandTimeout = commandTimeout;
    this.rejected = rejected;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (rejected) {
      ctx.channel().config().setAutoRead(false);
      respond(ctx, ControlResponse.error("too many control clients"));
      return;
    }
    timer = ctx.executor().schedule(() -> {
      if (state == State.AWAITING_REQUEST) {
        LOG.debug("control client sent no complete request within {}; closing", readTimeout);
        respond(ctx, ControlResponse.error("no complete request line within " + human(readTimeout)));
      }
    }, readTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (state != State.AWAITING_REQUEST) {
        return; // one command per connection: anything after the first line is ignored
      }
      state = State.EXECUTING;
      cancelTimer();
      ctx.channel().config().setAutoRead(false);
      String line;
      try {
        line = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(((ByteBuf) msg).nioBuffer())
            .toString();
      } catch (CharacterCodingException e) {
        respond(ctx, ControlResponse.error("request is not valid UTF-8"));
        return;
      }
      ControlRequest request;
      try {
        request = ControlRequest.parse(line);
      } catch (IllegalArgumentException e) {
        respond(ctx, ControlResponse.error(e.getMessage()));
        return;
      }
      dispatch(ctx, request);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void dispatch(ChannelHandlerContext ctx, ControlRequest request) {
    Optional<ControlCommand> found = registry.find(request.verb());
    if (found.isEmpty()) {
      respond(ctx, ControlResponse.error("unknown command '" + request.verb() + "', try 'help'"));
      return;
    }
    ControlCommand command = found.get();
    LOG.debug("control command {} {}", command.name(), request.args());
    CompletableFuture<ControlResponse> result;
    try {
      result = CompletableFuture.supplyAsync(() -> command.execute(request.args()), commandExecutor)
          .thenCompose(stage -> stage);
    } catch (RejectedExecutionException e) {
      respond(ctx, ControlResponse.error("the control server is busy or stopping, try again"));
      return;
    }
    timer = ctx.executor().schedule(() -> {
      if (state == State.EXECUTING) {
        LOG.warn("event=control-command-timeout command={} timeout={}", command.name(), commandTimeout);
        respond(ctx, ControlResponse.error("command '" + command.name() + "' did not complete within "
            + human(commandTimeout)));
      }
    }, commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
    result.whenComplete((response, failure) -> {
      try {
        ctx.executor().execute(() -> onResult(ctx, command, response, failure));
      } catch (RejectedExecutionException e) {
        LOG.debug("control server stopped before command '{}' completed", command.name());
      }
    });
  }

  private void onResult(ChannelHandlerContext ctx, ControlCommand command, ControlResponse response,
      Throwable failure) {
    if (state != State.EXECUTING) {
      return; // timed out, or the connection is gone
    }
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      LOG.warn("event=control-command-error command={}", command.name(), cause);
      String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
      respond(ctx, ControlResponse.error("command failed: " + message));
    } else if (response == null) {
      respond(ctx, ControlResponse.error("command failed: no response"));
    } else {
      respond(ctx, response);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException && state == State.AWAITING_REQUEST) {
      ctx.channel().config().setAutoRead(false);
      respond(ctx, ControlResponse.error("request longer than " + maxRequestBytes + " bytes"));
      return;
    }
    // Write timeouts (a client that does not read its reply), resets, decoder trouble after the request:
    // nothing useful can be said to this client any more.
    LOG.debug("control connection closed after error: {}", cause.toString());
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    ctx.fireChannelInactive();
  }

  /** Writes the status line and body once, then closes; runs the response's after-sent action off the I/O thread. */
  private void respond(ChannelHandlerContext ctx, ControlResponse response) {
    if (state == State.RESPONDING) {
      return;
    }
    state = State.RESPONDING;
    cancelTimer();
    ByteBuf status = ctx.alloc().buffer(8);
    status.writeCharSequence(response.ok() ? "OK\n" : "ERROR\n", StandardCharsets.US_ASCII);
    ctx.write(status);
    ctx.writeAndFlush(new CharSequenceChunkedInput(response.body())).addListener((ChannelFutureListener) f -> {
      f.channel().close();
      Runnable after = response.afterSent();
      if (after != ControlResponse.NOTHING) {
        Thread thread = new Thread(after, "adot-control-after-reply");
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("event=control-after-reply-error", e));
        thread.start();
      }
    });
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
