package adot.probe;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * One row of the {@link DotProbeTable}: what is known about DoT at one authoritative server address. Immutable; the
 * table replaces a row with a new one on every change.
 *
 * @param ip the server's address (the key)
 * @param zone the zone that first brought the resolver to this address (the probe asks for its SOA)
 * @param count Do53 visits counted in the current row's life (restarts at 1 when an Unknown row's window expires)
 * @param status the DoT status
 * @param since when {@code status} was set; for a Busy row it also identifies the probe in flight
 * @param ttd time to die: when the row expires (end of the visit window for Unknown, probe deadline for Busy, end of
 *     persistence for Good, end of damping for Bad)
 * @param outcome how the last probe or DoT exchange ended
 * @param handshake how long the last successful probe's TCP connect and TLS handshake took (see
 *     {@link ProbeResult}), or {@code null}
 * @param lastVisit the last time the server was visited (Do53 query or reported DoT exchange)
 */
public record DotProbeEntry(
    InetAddress ip,
    Name zone,
    long count,
    DotStatus status,
    Instant since,
    Instant ttd,
    ProbeOutcome outcome,
    Duration handshake,
    Instant lastVisit) {

  public DotProbeEntry {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(ttd, "ttd");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(lastVisit, "lastVisit");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
  }

  /** A row for a first visit: Unknown, count 1, counting until {@code ttd}. */
  static DotProbeEntry firstVisit(InetAddress ip, Name zone, Instant now, Instant ttd) {
    return new DotProbeEntry(ip, zone, 1, DotStatus.UNKNOWN, now, ttd, ProbeOutcome.NONE, null, now);
  }

  /** This row with one more visit at {@code now}. */
  DotProbeEntry visitedAt(Instant now) {
    return new DotProbeEntry(ip, zone, count + 1, status, since, ttd, outcome, handshake, now);
  }

  /** This row moved to {@code newStatus} at {@code now}, expiring at {@code newTtd}. */
  DotProbeEntry withStatus(DotStatus newStatus, Instant now, Instant newTtd) {
    return new DotProbeEntry(ip, zone, count, newStatus, now, newTtd, outcome, handshake, lastVisit);
  }

  /** This row with its visit count back at 0: the visits towards a probe start over. */
  DotProbeEntry withCountReset() {
    return new DotProbeEntry(ip, zone, 0, status, since, ttd, outcome, handshake, lastVisit);
  }

  /** This row with a new last outcome and handshake time. */
  DotProbeEntry withOutcome(ProbeOutcome newOutcome, Duration newHandshake) {
    return new DotProbeEntry(ip, zone, count, status, since, ttd, newOutcome, newHandshake, lastVisit);
  }

  /** This row with a new expiry. */
  DotProbeEntry withTtd(Instant newTtd) {
    return new DotProbeEntry(ip, zone, count, status, since, newTtd, outcome, handshake, lastVisit);
  }

  /** This row with a new visit time (without counting a visit). */
  DotProbeEntry withLastVisit(Instant when) {
    return new DotProbeEntry(ip, zone, count, status, since, ttd, outcome, handshake, when);
  }

  /** The handshake time in whole milliseconds, or {@code null}. */
  public Long handshakeMillis() {
    return handshake == null ? null : handshake.toMillis();
  }
}
