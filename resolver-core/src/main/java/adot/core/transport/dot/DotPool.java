package adot.core.transport.dot;

import adot.core.time.TimeSource;
import adot.core.transport.UpstreamException;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The DoT connections of one client, by server: which connection a query goes on, when a new one is opened, which idle
 * one is closed.
 *
 * <p>All pool state (the lists, the counts, each connection's {@link DotConnection.State} and idle time) is guarded by
 * this object's monitor. Sections under it are short and do no I/O; futures are never completed while it is held, so
 * callers' callbacks cannot re-enter it in a half-updated state.
 */
final class DotPool {
  static final long QUIET_AGAIN_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final int MAX_QUIET_ENTRIES = 1024;
  private final DotOptions options;
  private final DotTls tls;
  private final DotMetrics metrics;
  private final TimeSource time;
  private final EventLoopGroup group;

  private final Map<DotServerKey, List<DotConnection>> byServer = new HashMap<>();
  /** The connection to each server last retired for going quiet, and when ({@link TimeSource#nanoTime()}). */
  private final Map<DotServerKey, QuietMark> lastWentQuiet = new HashMap<>();
  /** Connections connecting or open (not closing): what {@link DotOptions#maxConnectionsTotal()} bounds. */
  private int live;
  /** Connections not yet closed, closing ones included. */
  private int registered;
  private boolean closed;

  DotPool(DotOptions options, DotTls tls, DotMetrics metrics, TimeSource time, EventLoopGroup group) {
    this.options = options;
    this.tls = tls;
    this.metrics = metrics;
    this.time = time;
    this.group = group;
  }

  DotOptions options() {
    return options;
  }

  DotTls tls() {
    return tls;
  }

  DotMetrics metrics() {
    return metrics;
  }

  TimeSource time() {
    return time;
  }

  synchronized int openConnections() {
    return registered;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Puts {@code pending} on a connection: the least loaded existing one that has room, else a new one (closing the
   * least recently used idle connection if at the total bound).
   *
   * @param onlyUnestablished for a retry: accept only connections still being set up, or a new one
   * @return {@code null} when assigned, or why not
   */
  UpstreamException assign(DotPending pending, boolean onlyUnestablished) {
    DotServerKey key = pending.exchange.key();
    DotConnection connection;
    DotConnection evicted = null;
    boolean isNew = false;
    synchronized (this) {
      if (closed) {
        return new UpstreamException(UpstreamException.Kind.NOT_SENT, "DoT client closed", true);
      }
      List<DotConnection> connections = byServer.computeIfAbsent(key, k -> new ArrayList<>(2));
      connection = leastLoaded(connections, onlyUnestablished);
      if (connection == null) {
        if (live >= options.maxConnectionsTotal()) {
          evicted = leastRecentlyUsedIdle();
          if (evicted == null) {
            if (connections.isEmpty()) {
              byServer.remove(key);
            }
            // Not the server's fault: freshConnection=false so nobody marks the server bad for it.
            return new UpstreamException(
                UpstreamException.Kind.IO,
                "too many DoT connections (" + options.maxConnectionsTotal() + "), none idle",
                false);
          }
          markClosing(evicted);
        }
        connection =
            new DotConnection(this, key, pending.exchange.sniName(), group.next(), options.port());
        connections.add(connection);
        live++;
        registered++;
        isNew = true;
        metrics.connectionsOpened.increment();
      } else if (connection.state == DotConnection.State.READY) {
        metrics.connectionsReused.increment();
      }
      connection.reserve(pending);
    }
    if (evicted != null) {
      evicted.closeChannel();
    }
    if (isNew) {
      connection.start();
    } else {
      connection.scheduleWrite(pending);
    }
    return null;
  }

  private DotConnection leastLoaded(List<DotConnection> connections, boolean onlyUnestablished) {
    DotConnection best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (DotConnection c : connections) {
      boolean usable =
          c.state == DotConnection.State.READY && !onlyUnestablished || c.state == DotConnection.State.CONNECTING;
      if (!usable || !c.canCarry(options.maxInFlightPerConnection())) {
        continue;
      }
      int load = c.inFlight();
      // At equal load an established connection wins: its queries go out now.
      if (load < bestLoad || load == bestLoad && c.state == DotConnection.State.READY) {
        best = c;
        bestLoad = load;
      }
    }
    return best;
  }

  private DotConnection leastRecentlyUsedIdle() {
    DotConnection oldest = null;
    for (List<DotConnection> connections : byServer.values()) {
      for (DotConnection c : connections) {
        if (c.state == DotConnection.State.READY
            && c.inFlight() == 0
            && (oldest == null || c.idleSinceNanos - oldest.idleSinceNanos < 0)) {
          oldest = c;
        }
      }
    }
    return oldest;
  }

  private void markClosing(DotConnection connection) {
    if (connection.state == DotConnection.State.CONNECTING || connection.state == DotConnection.State.READY) {
      live--;
      connection.state = DotConnection.State.CLOSING;
    }
  }

  /** The handshake completed; false if the connection is already being closed. */
  synchronized boolean markEstablished(DotConnection connection) {
    if (connection.state != DotConnection.State.CONNECTING) {
      return false;
    }
    connection.state = DotConnection.State.READY;
    connection.idleSinceNanos = time.nanoTime();
    return true;
  }

  /**
   * A query left {@code connection}. If that made it idle and the server now has more than
   * {@link DotOptions#maxIdlePerServer()} idle connections, this one is closed. A connection still being set up that
   * no query waits for any more (they timed out) is closed too: the server is slow to connect or to shake hands, and
   * finishing would hold a socket for the rest of the connect and handshake timeouts (a probe's slot is given back when
   * its own timeout ends; its socket must not outlive it).
   */
  void released(DotConnection connection) {
    synchronized (this) {
      if (connection.inFlight() != 0) {
        return;
      }
      switch (connection.state) {
        case CONNECTING -> { } // closed below
        case READY -> {
          connection.idleSinceNanos = time.nanoTime();
          if (idleConnections(connection.key) <= options.maxIdlePerServer()) {
            return;
          }
        }
        default -> {
          return;
        }
      }
      markClosing(connection);
    }
    connection.closeChannel();
  }

  /** Established connections to {@code key} with nothing in flight; monitor held. */
  private int idleConnections(DotServerKey key) {
    int idle = 0;
    for (DotConnection c : byServer.getOrDefault(key, List.of())) {
      if (c.state == DotConnection.State.READY && c.inFlight() == 0) {
        idle++;
      }
    }
    return idle;
  }

  /**
   * Records that {@code connection} went quiet (a query on it timed out and nothing written after it was answered)
   * and returns whether, within the last {@link #QUIET_AGAIN_WINDOW_NANOS}, another connection to the same server went
   * quiet before this one was opened. Once may be a connection that died without a reset; a connection opened after
   * that and going quiet too is a server that stops answering on its connections. Connections that were already open
   * when the first went quiet are the same death, not again: a middlebox that forgets its state forgets all of them at
   * once. So is the same connection reported by its other queries (their timers may run on other event loops than the
   * connection, before its close reached them).
   */
  synchronized boolean wentQuietAgain(DotConnection connection) {
    long now = time.nanoTime();
    DotServerKey key = connection.key;
    QuietMark before = lastWentQuiet.get(key);
    boolean recent = before != null && now - before.nanos <= QUIET_AGAIN_WINDOW_NANOS;
    if (recent && connection.serial <= before.newestSerial) {
      return false;
    }
    if (lastWentQuiet.size() >= MAX_QUIET_ENTRIES) {
      lastWentQuiet.values().removeIf(m -> now - m.nanos > QUIET_AGAIN_WINDOW_NANOS);
      if (lastWentQuiet.size() >= MAX_QUIET_ENTRIES) {
        lastWentQuiet.clear(); // a flood of quiet servers: forget, rather than grow without bound
      }
    }
    lastWentQuiet.put(key, new QuietMark(now, DotConnection.newestSerial()));
    return recent;
  }

  /**
   * When a connection was last retired for going quiet ({@link TimeSource#nanoTime()}), and the newest
   * {@link DotConnection#serial} then: connections up to it were already open.
   */
  private record QuietMark(long nanos, long newestSerial) {}

  /**
   * Takes {@code connection} out of service at once (no new query is assigned to it) and closes it, failing what is on
   * it with {@code why}.
   */
  void retire(DotConnection connection, DotFailure why) {
    synchronized (this) {
      markClosing(connection);
    }
    connection.shutdown(why);
  }

  /** The idle timer fired: true (and the connection marked closing) if it has nothing in flight. */
  synchronized boolean closeIfIdle(DotConnection connection) {
    if (connection.state != DotConnection.State.READY || connection.inFlight() != 0) {
      return false;
    }
    markClosing(connection);
    return true;
  }

  /** The connection's channel closed (or never opened): forget it. Its pending queries are failed by the caller. */
  synchronized void removeClosed(DotConnection connection) {
    if (connection.state == DotConnection.State.CLOSED) {
      return;
    }
    markClosing(connection);
    connection.state = DotConnection.State.CLOSED;
    registered--;
    List<DotConnection> connections = byServer.get(connection.key);
    if (connections != null && connections.remove(connection) && connections.isEmpty()) {
      byServer.remove(connection.key);
    }
  }

  /** Refuses new queries and closes every connection, failing what is in flight. */
  void closeAll() {
    List<DotConnection> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (List<DotConnection> connections : byServer.values()) {
        for (DotConnection c : connections) {
          markClosing(c);
          all.add(c);
        }
      }
    }
    DotFailure failure = new DotFailure(UpstreamException.Kind.CLOSED, "DoT client closed", true);
    for (DotConnection c : all) {
      c.shutdown(failure);
    }
  }
}
