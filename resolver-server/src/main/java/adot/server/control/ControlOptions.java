package adot.server.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the control socket, the Unix domain socket {@code rec-control} talks to.
 *
 * @param socket path of the socket file; its parent directory is created if missing
 * @param group name of the group the socket file is given to (mode 0660), so its members may use
 *     {@code rec-control}; {@code null} keeps the daemon's primary group
 * @param maxRequestBytes longest request line accepted, in bytes, not counting the terminating newline
 * @param readTimeout how long a client has, from connecting, to send its whole request line; also how long one
 *     chunk of the reply may wait to be written before a client that does not read is dropped
 * @param maxClients connections served at the same time; one more is answered {@code ERROR} and closed
 */
public record ControlOptions(Path socket, String group, int maxRequestBytes, Duration readTimeout, int maxClients) {

  /** Where the daemon listens, and where {@code rec-control} looks, unless configured otherwise. */
  public static final Path DEFAULT_SOCKET = Path.of("/run/adot-resolver/control.sock");
  /** Default for {@link #maxRequestBytes()}. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 4096;
  /** Default for {@link #readTimeout()}. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
  /** Default for {@link #maxClients()}. */
  public static final int DEFAULT_MAX_CLIENTS = 16;

  /** Upper bound for {@link #maxRequestBytes()}: the request is one short line, never a payload. */
  public static final int MAX_REQUEST_BYTES_LIMIT = 1 << 20;

  /** Checks every value; the messages name the setting. */
  public ControlOptions {
    Objects.requireNonNull(socket, "control socket path");
    Objects.requireNonNull(readTimeout, "control read timeout");
    if (socket.toString().isEmpty()) {
      throw new IllegalArgumentException("control socket path must not be empty");
    }
    if (group != null && group.isBlank()) {
      throw new IllegalArgumentException("control socket group must not be blank (leave it unset instead)");
    }
    if (maxRequestBytes < 16 || maxRequestBytes > MAX_REQUEST_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "control max request bytes must be in [16, " + MAX_REQUEST_BYTES_LIMIT + "], got " + maxRequestBytes);
    }
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("control read timeout must be positive, got " + readTimeout);
    }
    if (maxClients < 1) {
      throw new IllegalArgumentException("control max clients must be at least 1, got " + maxClients);
    }
  }

  /** The defaults: {@link #DEFAULT_SOCKET}, no group, 4096 bytes, 5 s, 16 clients. */
  public static ControlOptions defaults() {
    return new ControlOptions(DEFAULT_SOCKET, null, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_READ_TIMEOUT,
        DEFAULT_MAX_CLIENTS);
  }

  /** These options with another socket path. */
  public ControlOptions withSocket(Path newSocket) {
    return new ControlOptions(newSocket, group, maxRequestBytes, readTimeout, maxClients);
  }
}
