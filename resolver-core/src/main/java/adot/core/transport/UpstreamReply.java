package adot.core.transport;

import java.time.Duration;
import org.xbill.DNS.Message;

/**
 * A reply that passed the transport's checks (source address and port, ID and question match the request).
 *
 * @param message the parsed reply
 * @param transport the transport it actually arrived on
 * @param rtt time from sending the query to its reply: the exchange's own round trip, without the set-up of a stream
 *     connection it waited for (that is {@code connectionSetup}), so that a server's smoothed RTT does not count a
 *     connect and a TLS handshake as if they were its answer time
 * @param reusedConnection true if it came over a stream connection that already existed (TCP / DoT pooling)
 * @param connectionSetup for a query that waited for its stream connection to be set up, how long that took (TCP
 *     connect and, for DoT, the TLS handshake); {@code null} otherwise
 */
public record UpstreamReply(
    Message message, Transport transport, Duration rtt, boolean reusedConnection, Duration connectionSetup) {

  /** A reply without a connection set up for it (UDP, or a stream connection that was already open). */
  public UpstreamReply(Message message, Transport transport, Duration rtt, boolean reusedConnection) {
    this(message, transport, rtt, reusedConnection, null);
  }
}
