package adot.core.transport.dot;

import java.time.Duration;

/**
 * Settings of the {@link DotClient}. Every bound is finite; {@link #defaults()} is safe for a resolver doing
 * opportunistic DoT (RFC 9539) to authoritative servers.
 *
 * @param port the server port to connect to (853, RFC 7858 §3.1; tests use another)
 * @param connectTimeout how long the TCP connect, and then separately the TLS handshake, may take before the connection
 *     attempt is abandoned; {@code null} means {@link #DEFAULT_CONNECT_TIMEOUT}. A request never waits longer than its
 *     own {@code timeout}, and a connection being set up is closed as soon as no query waits for it: this bound only
 *     matters while queries with longer timeouts keep attaching to it
 * @param idleTimeout a connection with no query in flight and no traffic for this long is closed; {@code null} means
 *     {@link #DEFAULT_IDLE_TIMEOUT}
 * @param maxIdlePerServer how many connections without queries in flight are kept per server (0: close each as soon as
 *     it is idle)
 * @param maxConnectionsTotal how many connections (connecting or open) may exist at once, all servers together; at
 *     the bound the least recently used idle connection is closed to make room, and if none is idle the query fails
 *     fast
 * @param maxInFlightPerConnection how many queries may be pipelined on one connection (1..65535)
 * @param padding whether to pad queries that carry an OPT record to a multiple of 128 bytes with the EDNS(0) Padding
 *     option (RFC 7830, block-length strategy of RFC 8467). Queries without OPT are sent unpadded: adding EDNS would
 *     change what the caller asked for
 * @param verifyCertificates whether to authenticate the server (JDK default trust store, host name checked against the
 *     SNI name, or the IP address without one). {@code false} is opportunistic privacy (RFC 9539 §4.6.3, RFC 7858 §4.1):
 *     any certificate is accepted
 */
public record DotOptions(
    int port,
    Duration connectTimeout,
    Duration idleTimeout,
    int maxIdlePerServer,
    int maxConnectionsTotal,
    int maxInFlightPerConnection,
    boolean padding,
    boolean verifyCertificates) {

  /** The IANA port for DNS over TLS. */
  public static final int DEFAULT_PORT = 853;

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_IDLE_PER_SERVER = 2;
  public static final int DEFAULT_MAX_CONNECTIONS_TOTAL = 1000;
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION = 100;

  public DotOptions {
    if (connectTimeout == null) {
      connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    }
    if (idleTimeout == null) {
      idleTimeout = DEFAULT_IDLE_TIMEOUT;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("idleTimeout", idleTimeout);
    if (maxIdlePerServer < 0) {
      throw new IllegalArgumentException("maxIdlePerServer must be >= 0: " + maxIdlePerServer);
    }
    if (maxConnectionsTotal < 1) {
      throw new IllegalArgumentException("maxConnectionsTotal must be >= 1: " + maxConnectionsTotal);
    }
    if (maxInFlightPerConnection < 1 || maxInFlightPerConnection > 65535) {
      throw new IllegalArgumentException("maxInFlightPerConnection must be 1..65535: " + maxInFlightPerConnection);
    }
  }

  /** Port 853, 3 s connect, 10 s idle, 2 idle per server, 1000 in all, 100 in flight, padding on, no verification. */
  public static DotOptions defaults() {
    return new DotOptions(
        DEFAULT_PORT,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_IDLE_PER_SERVER,
        DEFAULT_MAX_CONNECTIONS_TOTAL,
        DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION,
        true,
        false);
  }

  public DotOptions withPort(int value) {
    return new DotOptions(value, connectTimeout, idleTimeout, maxIdlePerServer, maxConnectionsTotal,
        maxInFlightPerConnection, padding, verifyCertificates);
  }

  public DotOptions withConnectTimeout(Duration value) {
    return new DotOptions(port, value, idleTimeout, maxIdlePerServer, maxConnectionsTotal,
        maxInFlightPerConnection, padding, verifyCertificates);
  }

  public DotOptions withIdleTimeout(Duration value) {
    return new DotOptions(port, connectTimeout, value, maxIdlePerServer, maxConnectionsTotal,
        maxInFlightPerConnection, padding, verifyCertificates);
  }

  public DotOptions withMaxIdlePerServer(int value) {
    return new DotOptions(port, connectTimeout, idleTimeout, value, maxConnectionsTotal,
        maxInFlightPerConnection, padding, verifyCertificates);
  }

  public DotOptions withMaxConnectionsTotal(int value) {
    return new DotOptions(port, connectTimeout, idleTimeout, maxIdlePerServer, value,
        maxInFlightPerConnection, padding, verifyCertificates);
  }

  public DotOptions withMaxInFlightPerConnection(int value) {
    return new DotOptions(port, connectTimeout, idleTimeout, maxIdlePerServer, maxConnectionsTotal,
        value, padding, verifyCertificates);
  }

  public DotOptions withPadding(boolean value) {
    return new DotOptions(port, connectTimeout, idleTimeout, maxIdlePerServer, maxConnectionsTotal,
        maxInFlightPerConnection, value, verifyCertificates);
  }

  public DotOptions withVerifyCertificates(boolean value) {
    return new DotOptions(port, connectTimeout, idleTimeout, maxIdlePerServer, maxConnectionsTotal,
        maxInFlightPerConnection, padding, value);
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
