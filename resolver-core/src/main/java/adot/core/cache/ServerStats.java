package adot.core.cache;

import adot.core.time.TimeSource;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the resolver has learnt about each authoritative server address: smoothed round-trip time, consecutive
 * timeouts, throttling, and whether it chokes on EDNS. Bounded by count (least recently used servers are forgotten).
 *
 * <p>Server selection prefers the lowest smoothed RTT. Penalties decay with a half-life so a server that timed out is
 * tried again later instead of being shunned forever; an unknown server starts at 0 ms, so every server is measured
 * once (as PowerDNS Recursor does).
 */
public final class ServerStats {
  /** Half-life of the smoothed RTT while a server is not being measured. */
  static final Duration DECAY_HALF_LIFE = Duration.ofSeconds(30);
  /**
   * How long a server is asked without EDNS after it rejected EDNS, before EDNS is tried again: Unbound's
   * {@code infra-host-ttl}. A server may be upgraded; a mark is never kept for good.
   */
  static final Duration NO_EDNS_TTL = Duration.ofMinutes(15);
  /** The highest estimate a timing-out server gets, in network timeouts: high enough to be avoided, finite. */
  static final int MAX_PENALTY_TIMEOUTS = 8;

  private final Cache<InetAddress, State> states;
  private final TimeSource time;
  private final int throttleAfterTimeouts;
  private final long throttleNanos;

  public ServerStats(long maxEntries, int throttleAfterTimeouts, Duration throttleDuration, TimeSource time) {
    this.time = time;
    this.throttleAfterTimeouts = throttleAfterTimeouts;
    this.throttleNanos = throttleDuration.toNanos();
    this.states = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
  }

  /** Mutable per-server state; every access holds the instance's monitor, briefly. */
  private static final class State {
    double srttMicros;
    long updatedNanos;
    int consecutiveTimeouts;
    long throttledUntilNanos;
    /** Whether the server was found to reject EDNS; then until when it is asked without. */
    boolean noEdns;
    long noEdnsUntilNanos;
    long queries;
    long timeouts;
  }

  private State state(InetAddress server) {
    return states.get(server, k -> new State());
  }

  /** A reply arrived after {@code rtt}: fold it into the smoothed RTT (weight 0.3 on the new sample, like Unbound). */
  public void recordReply(InetAddress server, Duration rtt) {
    State s = state(server);
    long now = time.nanoTime();
    double sample = rtt.toNanos() / 1000.0;
    synchronized (s) {
      double current = decayed(s, now);
      s.srttMicros = s.queries == 0 || current == 0 ? sample : 0.7 * current + 0.3 * sample;
      s.updatedNanos = now;
      s.consecutiveTimeouts = 0;
      s.queries++;
    }
  }

  /** No reply within {@code timeout}: penalise, and throttle after repeated timeouts. */
  public void recordTimeout(InetAddress server, Duration timeout) {
    State s = state(server);
    long now = time.nanoTime();
    synchronized (s) {
      double current = decayed(s, now);
      // doubled per timeout, but capped: an uncapped estimate would reach Infinity, which never decays
      double timeoutMicros = timeout.toNanos() / 1000.0;
      s.srttMicros = Math.min(Math.max(current * 2, timeoutMicros), timeoutMicros * MAX_PENALTY_TIMEOUTS);
      s.updatedNanos = now;
      s.queries++;
      s.timeouts++;
      if (++s.consecutiveTimeouts >= throttleAfterTimeouts) {
        s.throttledUntilNanos = now + throttleNanos;
      }
    }
  }

  /** Smoothed RTT in microseconds, decayed for the time since the last measurement; 0 for an unknown server. */
  public double smoothedRttMicros(InetAddress server) {
    State s = states.getIfPresent(server);
    if (s == null) {
      return 0;
    }
    synchronized (s) {
      return decayed(s, time.nanoTime());
    }
  }

  /** Whether the server timed out repeatedly and should be skipped while others are available. */
  public boolean isThrottled(InetAddress server) {
    State s = states.getIfPresent(server);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return s.throttledUntilNanos - time.nanoTime() > 0;
    }
  }

  /**
   * Remembers, for {@link #NO_EDNS_TTL}, that the server rejects EDNS: it answered FORMERR without OPT to an EDNS
   * query and then answered the same query without EDNS (RFC 6891 §7). The caller confirms the second part first, so
   * that one stray FORMERR does not turn EDNS off.
   */
  public void markNoEdns(InetAddress server) {
    State s = state(server);
    long until = time.nanoTime() + NO_EDNS_TTL.toNanos();
    synchronized (s) {
      s.noEdns = true;
      s.noEdnsUntilNanos = until;
    }
  }

  /** Whether the server is to be asked without EDNS (marked by {@link #markNoEdns} less than 15 minutes ago). */
  public boolean noEdns(InetAddress server) {
    State s = states.getIfPresent(server);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return s.noEdns && s.noEdnsUntilNanos - time.nanoTime() > 0;
    }
  }

  private double decayed(State s, long now) {
    long elapsed = now - s.updatedNanos;
    if (elapsed <= 0 || s.srttMicros == 0) {
      return s.srttMicros;
    }
    return s.srttMicros * Math.pow(0.5, (double) elapsed / DECAY_HALF_LIFE.toNanos());
  }

  /** One line per server: address, smoothed RTT in ms, queries, timeouts, throttled; for {@code dump-nsspeeds}. */
  public List<String> dumpLines() {
    List<String> lines = new ArrayList<>();
    long now = time.nanoTime();
    for (Map.Entry<InetAddress, State> e : states.asMap().entrySet()) {
      State s = e.getValue();
      synchronized (s) {
        lines.add(
            String.format(
                "%s\t%.2f\t%d\t%d\t%s",
                e.getKey().getHostAddress(),
                decayed(s, now) / 1000.0,
                s.queries,
                s.timeouts,
                s.throttledUntilNanos - now > 0 ? "throttled" : "ok"));
      }
    }
    lines.sort(null);
    return lines;
  }

  public long size() {
    return states.estimatedSize();
  }
}
