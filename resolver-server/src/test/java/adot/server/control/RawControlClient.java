package adot.server.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A bare test client for the control socket: raw bytes in, raw bytes out, every wait bounded. */
final class RawControlClient implements AutoCloseable {

  private final SocketChannel channel;
  private final Selector selector;

  private RawControlClient(SocketChannel channel, Selector selector) {
    this.channel = channel;
    this.selector = selector;
  }

  static RawControlClient connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    channel.configureBlocking(false);
    Selector selector = Selector.open();
    channel.register(selector, 0);
    return new RawControlClient(channel, selector);
  }

  /** Connects, sends {@code request + "\n"}, and returns the whole reply up to the server's close. */
  static String exchange(Path socket, String request) throws IOException {
    try (RawControlClient client = connect(socket)) {
      client.send(request + "\n");
      return client.readToEof(Duration.ofSeconds(5));
    }
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (buffer.hasRemaining()) {
      if (channel.write(buffer) == 0) {
        await(SelectionKey.OP_WRITE, deadline);
      }
    }
  }

  void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  /** Reads until the server closes the connection; fails if that takes longer than {@code timeout}. */
  String readToEof(Duration timeout) throws IOException {
    return new String(readBytesToEof(timeout), StandardCharsets.UTF_8);
  }

  byte[] readBytesToEof(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    while (true) {
      buffer.clear();
      int n;
      try {
        n = channel.read(buffer);
      } catch (IOException e) {
        return out.toByteArray(); // reset by the server: as good as EOF here
      }
      if (n < 0) {
        return out.toByteArray();
      }
      if (n == 0) {
        await(SelectionKey.OP_READ, deadline);
      } else {
        out.write(buffer.array(), 0, n);
      }
    }
  }

  private void await(int op, long deadline) throws IOException {
    SelectionKey key = channel.keyFor(selector);
    key.interestOps(op);
    long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
    if (remainingMillis <= 0 || selector.select(remainingMillis) == 0 && System.nanoTime() >= deadline) {
      throw new IOException("timed out waiting for the control server");
    }
    selector.selectedKeys().clear();
  }

  @Override
  public void close() throws IOException {
    selector.close();
    channel.close();
  }
}
