package adot.server.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket: a Unix domain socket speaking the one-command-per-connection text protocol of
 * {@code docs/control-protocol.md}, served by one Netty NIO thread of its own.
 *
 * <p>Robustness: every connection must send its request line within {@link ControlOptions#readTimeout()} and may
 * not exceed {@link ControlOptions#maxRequestBytes()}; at most {@link ControlOptions#maxClients()} connections are
 * served at once; commands run on a small bounded executor (never on the I/O thread) and are answered
 * {@code ERROR} after the command timeout; a client that stops reading its reply is dropped after the read timeout.
 * None of this touches the DNS listeners' event loops.
 *
 * <p>Lifecycle: {@link #start()} clears a stale socket file, binds, and sets mode 0660 (and the configured group);
 * {@link #stop()} (or {@link #close()}) closes every connection and removes the socket file. Both are idempotent
 * and thread-safe; {@code stop()} may be called from a command's after-sent action ({@code quit-nicely}).
 */
public final class ControlServer implements AutoCloseable {

  /** How long a command may take before its client is answered {@code ERROR}. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** Threads running commands: enough for a slow dump not to hold up a {@code ping}. */
  static final int COMMAND_THREADS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

  private final ControlOptions options;
  private final CommandRegistry registry;
  private final Duration commandTimeout;
  private final AtomicInteger clients = new AtomicInteger();

  private EventLoopGroup group;
  private ThreadPoolExecutor commandExecutor;
  private Channel serverChannel;
  private boolean stopped;

  /** A server with the {@linkplain #DEFAULT_COMMAND_TIMEOUT default command timeout}. */
  public ControlServer(ControlOptions options, CommandRegistry registry) {
    this(options, registry, DEFAULT_COMMAND_TIMEOUT);
  }

  /**
   * @param options socket path, group and limits
   * @param registry the commands to serve; may still be added to while running
   * @param commandTimeout how long a command may run before its client gets {@code ERROR}
   */
  public ControlServer(ControlOptions options, CommandRegistry registry, Duration commandTimeout) {
    this.options = Objects.requireNonNull(options, "options");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("control command timeout must be positive, got " + commandTimeout);
    }
  }

  /**
   * Binds the socket and starts serving.
   *
   * @throws ControlSocketInUseException if another process answers on the socket path
   * @throws IOException if the path cannot be prepared, bound, or given its mode and group; nothing is left
   *     listening then
   * @throws IllegalStateException if already started
   */
  public synchronized void start() throws IOException {
    if (stopped) {
      throw new IllegalStateException("control server was stopped; create a new one");
    }
    if (group != null) {
      throw new IllegalStateException("control server already started");
    }
    Path socket = options.socket();
    ControlSocketFile.prepare(socket);

    group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("adot-control-io", true),
        NioIoHandler.newFactory());
    commandExecutor = new ThreadPoolExecutor(COMMAND_THREADS, COMMAND_THREADS, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(options.maxClients()), new DefaultThreadFactory("adot-control-cmd", true));
    commandExecutor.allowCoreThreadTimeOut(true);

    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerDomainSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            boolean rejected = clients.incrementAndGet() > options.maxClients();
            ch.closeFuture().addListener(f -> clients.decrementAndGet());
            ch.pipeline().addLast(
                new WriteTimeoutHandler(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS),
                new ChunkedWriteHandler(),
                new LineBasedFrameDecoder(options.maxRequestBytes(), true, true),
                new ControlConnectionHandler(registry, commandExecutor, options.maxRequestBytes(),
                    options.readTimeout(), commandTimeout, rejected));
          }
        });
    ChannelFuture bound = bootstrap.bind(UnixDomainSocketAddress.of(socket)).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutdownThreads();
      Throwable cause = bound.cause();
      throw new IOException("cannot listen on control socket " + socket + ": " + cause.getMessage(), cause);
    }
    serverChannel = bound.channel();
    try {
      ControlSocketFile.applyOwnership(socket, options.group());
    } catch (IOException | RuntimeException e) {
      stop();
      throw e;
    }
    LOG.info("event=control-listening socket={} mode=0660 group={}", socket,
        options.group() == null ? "-" : options.group());
  }

  /** The socket path. */
  public Path socketPath() {
    return options.socket();
  }

  /** Whether the server is bound and serving. */
  public synchronized boolean isRunning() {
    return serverChannel != null && serverChannel.isActive();
  }

  /** Connections open right now, including ones being refused for exceeding the limit. */
  public int activeClients() {
    return clients.get();
  }

  /**
   * Stops serving: closes the listening socket and every connection, and removes the socket file. Replies being
   * written are cut short. Safe to call more than once and from any thread.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (serverChannel != null) {
      // Netty removes the socket file when the listening channel closes; deleting again covers a failed close.
      if (inOwnEventLoop()) {
        serverChannel.close();
      } else {
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      }
      try {
        Files.deleteIfExists(options.socket());
      } catch (IOException e) {
        LOG.warn("event=control-socket-remove-error socket={} error=\"{}\"", options.socket(), e.toString());
      }
      LOG.info("event=control-closed socket={}", options.socket());
    }
    shutdownThreads();
  }

  @Override
  public void close() {
    stop();
  }

  private void shutdownThreads() {
    if (commandExecutor != null) {
      commandExecutor.shutdown();
    }
    if (group != null) {
      boolean wait = !inOwnEventLoop();
      var termination = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      if (wait) {
        termination.awaitUninterruptibly(5, TimeUnit.SECONDS);
      }
    }
  }

  private boolean inOwnEventLoop() {
    if (group == null) {
      return false;
    }
    for (EventExecutor executor : group) {
      if (executor.inEventLoop()) {
        return true;
      }
    }
    return false;
  }
}
