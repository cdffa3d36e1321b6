package adot.control;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The client side of the control protocol ({@code docs/control-protocol.md}): one connection, one request line,
 * a status line ({@code OK} or {@code ERROR}) and a body read until the daemon closes the connection.
 *
 * <p>The body is streamed to wherever the caller decides once the status is known, so a large dump is not held in
 * memory. Every wait (connect, write, each read) is bounded by the timeout: the daemon must start answering within
 * it, and the reply may not stall for longer than it.
 */
final class ControlClient {

  /** Longest status line accepted; a real one is {@code OK} or {@code ERROR}. */
  private static final int MAX_STATUS_LINE = 1024;

  /** Where the body goes, chosen once the status is known. */
  interface BodySink {
    /**
     * @param ok whether the daemon answered {@code OK}
     * @return the stream the body is copied to; not closed by the client
     */
    OutputStream open(boolean ok) throws IOException;
  }

  /** A failure to write the body where it was asked to go (a file), as opposed to a failure of the daemon. */
  static final class SinkException extends Exception {
    private static final long serialVersionUID = 1L;

    SinkException(IOException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  private final Path socket;
  private final Duration timeout;

  ControlClient(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  /**
   * Sends {@code request} (one line, without newline) and streams the reply body into {@code sink}.
   *
   * @return {@code true} if the daemon answered {@code OK}
   * @throws ControlUnreachableException no complete reply could be had from the daemon
   * @throws SinkException the body could not be written to the sink
   */
  boolean exchange(String request, BodySink sink) throws ControlUnreachableException, SinkException {
    UnixDomainSocketAddress address;
    try {
      address = UnixDomainSocketAddress.of(socket);
    } catch (IllegalArgumentException e) {
      throw new ControlUnreachableException("cannot use control socket path " + socket + ": " + e.getMessage(), e);
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, 0);
      try {
        if (!channel.connect(address)) {
          await(key, SelectionKey.OP_CONNECT, "connecting");
          channel.finishConnect();
        }
      } catch (IOException e) {
        throw connectFailure(e);
      }
      ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        if (ioWrite(channel, out) == 0) {
          await(key, SelectionKey.OP_WRITE, "sending the request");
        }
      }
      return readReply(channel, key, sink);
    } catch (IOException e) {
      // Opening a channel or selector: not the daemon's fault, but nothing was exchanged either.
      throw new ControlUnreachableException("cannot talk to the daemon on " + socket + ": " + e.getMessage(), e);
    }
  }

  private boolean readReply(SocketChannel channel, SelectionKey key, BodySink sink)
      throws ControlUnreachableException, SinkException {
    ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    StringBuilder status = new StringBuilder();
    Boolean ok = null;
    OutputStream body = null;
    while (true) {
      in.clear();
      int n = ioRead(channel, in);
      if (n < 0) {
        if (ok == null) {
          throw new ControlUnreachableException("the daemon on " + socket + " closed the connection without replying");
        }
        flush(body);
        return ok;
      }
      if (n == 0) {
        await(key, SelectionKey.OP_READ, "waiting for the reply");
        continue;
      }
      in.flip();
      if (ok == null) {
        while (in.hasRemaining() && ok == null) {
          char c = (char) (in.get() & 0xff);
          if (c == '\n') {
            ok = parseStatus(status.toString());
            body = openSink(sink, ok);
          } else if (status.length() >= MAX_STATUS_LINE) {
            throw new ControlUnreachableException("the program on " + socket + " does not speak the control protocol"
                + " (no status line)");
          } else {
            status.append(c);
          }
        }
        if (ok == null) {
          continue;
        }
      }
      write(body, in.array(), in.position(), in.remaining());
    }
  }

  /** {@code OK} or {@code ERROR}; text after {@code ERROR} on the status line is reserved and ignored. */
  private boolean parseStatus(String line) throws ControlUnreachableException {
    String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    if (s.equals("OK")) {
      return true;
    }
    if (s.equals("ERROR") || s.startsWith("ERROR ")) {
      return false;
    }
    throw new ControlUnreachableException("the program on " + socket + " does not speak the control protocol"
        + " (status line '" + s + "')");
  }

  private void await(SelectionKey key, int op, String what) throws ControlUnreachableException {
    key.interestOps(op);
    try {
      int ready = key.selector().select(Math.max(1, timeout.toMillis()));
      key.selector().selectedKeys().clear();
      if (ready == 0) {
        throw new ControlUnreachableException("no reply from the daemon on " + socket + " within "
            + RecControl.formatDuration(timeout) + " (" + what + "); is it overloaded or hung? a longer --timeout"
            + " may help");
      }
    } catch (IOException e) {
      throw new ControlUnreachableException("cannot talk to the daemon on " + socket + ": " + e.getMessage(), e);
    }
  }

  private int ioRead(SocketChannel channel, ByteBuffer in) throws ControlUnreachableException {
    try {
      return channel.read(in);
    } catch (IOException e) {
      throw new ControlUnreachableException("connection to the daemon on " + socket + " broken while reading the"
          + " reply: " + e.getMessage(), e);
    }
  }

  private int ioWrite(SocketChannel channel, ByteBuffer out) throws ControlUnreachableException {
    try {
      return channel.write(out);
    } catch (IOException e) {
      throw new ControlUnreachableException("connection to the daemon on " + socket + " broken while sending the"
          + " request: " + e.getMessage(), e);
    }
  }

  private static OutputStream openSink(BodySink sink, boolean ok) throws SinkException {
    try {
      return sink.open(ok);
    } catch (IOException e) {
      throw new SinkException(e);
    }
  }

  private static void write(OutputStream body, byte[] bytes, int offset, int length) throws SinkException {
    try {
      body.write(bytes, offset, length);
    } catch (IOException e) {
      throw new SinkException(e);
    }
  }

  private static void flush(OutputStream body) throws SinkException {
    try {
      body.flush();
    } catch (IOException e) {
      throw new SinkException(e);
    }
  }

  /** Turns a failed connect into a message naming the socket and the likely cause. */
  private ControlUnreachableException connectFailure(IOException e) {
    String reason = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    String prefix = "cannot connect to the daemon's control socket " + socket + ": ";
    if (e instanceof AccessDeniedException || reason.contains("permission denied")) {
      return new ControlUnreachableException(prefix + "permission denied; run as a member of the socket's group or"
          + " root", e);
    }
    if (reason.contains("no such file") || !Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return new ControlUnreachableException(prefix + "no such file; is adot-resolver running? is the path right?"
          + " (set it with --socket or --config)", e);
    }
    if (e instanceof ConnectException || reason.contains("connection refused")) {
      return new ControlUnreachableException(prefix + "connection refused; stale socket, the daemon is not running",
          e);
    }
    if (reason.contains("temporarily unavailable")) {
      return new ControlUnreachableException(prefix + "the daemon is not accepting connections fast enough (backlog"
          + " full); try again", e);
    }
    return new ControlUnreachableException(prefix + e.getMessage(), e);
  }
}
