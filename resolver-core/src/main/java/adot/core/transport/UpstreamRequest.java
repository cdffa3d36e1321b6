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
 * @param timeout how long to wait for the reply, including connection set-up
 * @param tlsServerName the SNI to send over DoT (the NS name, without trailing dot), or {@code null} for none
 */
public record UpstreamRequest(
    InetAddress server, Message query, Transport transport, Duration timeout, String tlsServerName) {

  public UpstreamRequest {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(timeout, "timeout");
  }
}
