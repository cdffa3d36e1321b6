package adot.core.transport;

import java.net.InetAddress;
import org.xbill.DNS.Name;

/**
 * The seam through which the resolver asks which transport to use for an authoritative server and reports what
 * happened there. Core ships only {@link #plainOnly()}; the probe engine supplies the opportunistic-DoT policy.
 *
 * <p>Every method is called on the query path and must return at once, from memory: no I/O, no waiting.
 */
public interface TransportAdvisor {

  /** What the advisor wants for one server. */
  enum Choice {
    /** Plain DNS: UDP, with TCP on truncation. */
    DO53,
    /** DNS over TLS, opportunistic: a failed exchange is resent over Do53 at once (RFC 9539 §4.2). */
    DOT,
    /**
     * DNS over TLS only, as the operator asked for this server ({@code dot-to-auth-names}): never in cleartext. A
     * failed exchange fails this server for the query, which goes on to the next one, as any failed server does.
     */
    DOT_ONLY
  }

  /**
   * Which transport to use for a query to {@code server}.
   *
   * @param zone the zone the server was chosen for (the zone cut being queried)
   * @param nsName the NS name the address belongs to, or {@code null} when unknown (root hints without names)
   */
  Choice transportFor(InetAddress server, Name zone, Name nsName);

  /**
   * A query to {@code server} for {@code zone} was sent over Do53 (each visit counts toward a probe).
   *
   * @param nsName the NS name the address belongs to, or {@code null} when unknown: a probe this visit starts sends it
   *     as the TLS server name (SNI)
   */
  void visited(InetAddress server, Name zone, Name nsName);

  /** A DoT exchange with {@code server} succeeded: keeps a Good status alive. */
  void dotSucceeded(InetAddress server);

  /**
   * A DoT exchange with {@code server} failed and the query was (or will be) resent over Do53. A timeout is reported
   * only after the server answered that resend (a server silent on both transports is not a DoT failure). Not called
   * for {@link Choice#DOT_ONLY} exchanges (nor is {@link #dotSucceeded}): those servers are not the advisor's to
   * judge.
   *
   * @param failure what went wrong; {@link UpstreamException#serverAtFault()} says whether it is held against the
   *     server (not for a stale pooled connection, the client's own limits, or a query never sent)
   */
  void dotFailed(InetAddress server, Name zone, UpstreamException failure);

  /** An advisor that always says Do53 and ignores reports. */
  static TransportAdvisor plainOnly() {
    return PlainOnlyAdvisor.INSTANCE;
  }
}
