package adot.probe;

import adot.core.Futures;
import adot.core.iter.QueryFactory;
import adot.core.transport.Transport;
import adot.core.transport.Upstream;
import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import adot.core.transport.UpstreamRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Sends one DoT probe: the SOA query for the zone that brought the resolver to the server, over DoT, through core's
 * {@link Upstream} (TLS to port 853, no certificate validation: RFC 9539 unauthenticated mode).
 *
 * <p>Success is a well-formed reply over DoT with RCODE NOERROR. RFC 9539 asks only for a well-formed reply; PowerDNS
 * Recursor also wants at least one record. We require NOERROR (an authoritative server that answers its own zone's
 * SOA with SERVFAIL or REFUSED over DoT is not one to move traffic to) but not a record count (a NOERROR/NODATA answer
 * still proves the server does DNS over TLS).
 */
public final class DotProber {
  private final Upstream upstream;
  private final QueryFactory queries;
  private final Duration timeout;

  /**
   * @param queries builds the probe query as the resolver builds every query to an authoritative server (RD clear,
   *     random ID, the configured EDNS payload size), so a probe looks like the queries that follow it
   */
  public DotProber(Upstream upstream, QueryFactory queries, Duration timeout) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.queries = Objects.requireNonNull(queries, "queries");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Probes {@code server}. Never blocks; the future never fails: every failure becomes a {@link ProbeResult} outcome.
   *
   * @param tlsServerName the SNI to send, or {@code null} for none
   */
  public CompletableFuture<ProbeResult> probe(InetAddress server, Name zone, String tlsServerName) {
    CompletableFuture<UpstreamReply> sent;
    try {
      sent = upstream.send(new UpstreamRequest(server, soaQuery(zone), Transport.DOT, timeout, tlsServerName));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle((reply, failure) -> failure != null ? failed(failure) : judge(reply));
  }

  /**
   * A failure the transport does not hold against the server (the client's own connection bound, a pooled connection
   * gone quiet, a resend with the time that was left) says nothing about DoT there: the probe counts as not sent, and
   * the row goes back to Unknown to be probed again.
   */
  private static ProbeResult failed(Throwable failure) {
    Throwable cause = Futures.unwrap(failure);
    if (cause instanceof UpstreamException u && !u.serverAtFault()) {
      return ProbeResult.failed(ProbeOutcome.NOT_SENT, "not held against the server: " + u);
    }
    return ProbeResult.failed(ProbeOutcome.of(failure), String.valueOf(cause));
  }

  /**
   * The probe query: {@code zone IN SOA}, RD clear (we ask an authoritative server), random ID, with an EDNS(0) OPT
   * record: the DoT client pads queries that have one to 128-byte blocks (RFC 8467), so a probe looks like every
   * other query on the wire.
   */
  Message soaQuery(Name zone) {
    return queries.query(zone, Type.SOA, true);
  }

  private static ProbeResult judge(UpstreamReply reply) {
    if (reply == null || reply.message() == null) {
      return ProbeResult.failed(ProbeOutcome.BAD_DNS_ANSWER, "empty reply");
    }
    if (reply.transport() != Transport.DOT) {
      return ProbeResult.failed(ProbeOutcome.BAD_DNS_ANSWER, "reply came over " + reply.transport() + ", not DoT");
    }
    int rcode = reply.message().getRcode();
    if (rcode != Rcode.NOERROR) {
      return ProbeResult.failed(ProbeOutcome.BAD_DNS_ANSWER, "RCODE " + Rcode.string(rcode));
    }
    // The connection's setup (TCP and TLS) when the probe opened it; the whole exchange when one was open already.
    return ProbeResult.ok(reply.connectionSetup() != null ? reply.connectionSetup() : reply.rtt());
  }

}
