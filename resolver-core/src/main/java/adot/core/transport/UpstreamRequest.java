package adot.core.transport;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.Message;

/**
 * One query to send to one authoritative server.
 *
 * @param server the server's IP address; the port comes from the {@link Upstream}'s settings (53 / 853 by default)
 * @param query the DNS message to send, ID and flags already set by the caller
 * @param transport the transport to use
 * @param timeout how long to wait for the reply, including connection set-up (but see {@code setupAllowance})
 * @param tlsServerName the SNI to send over DoT (the NS name, without trailing dot), or {@code null} for none
 * @param setupAllowance over DoT, for a query that has to wait for its connection to be set up: how much longer than
 *     {@code timeout} it may wait in all, so that the query itself still gets up to {@code timeout} from the moment it
 *     is written (the set-up must still finish within {@code timeout}); {@link Duration#ZERO}: {@code timeout} covers
 *     everything. A distant server needs three round trips on a new connection (TCP, TLS, the query) and one over UDP.
 */
public record UpstreamRequest(
    InetAddress server, Message query, Transport transport, Duration timeout, String tlsServerName,
    Duration setupAllowance) {

  public UpstreamRequest {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(setupAllowance, "setupAllowance");
    if (setupAllowance.isNegative()) {
      throw new IllegalArgumentException("setupAllowance is negative: " + setupAllowance);
    }
  }

  /** A request whose {@code timeout} covers everything, connection set-up included. */
  public UpstreamRequest(InetAddress server, Message query, Transport transport, Duration timeout,
      String tlsServerName) {
    this(server, query, transport, timeout, tlsServerName, Duration.ZERO);
  }
}
