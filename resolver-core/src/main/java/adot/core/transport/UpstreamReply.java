package adot.core.transport;

import java.time.Duration;
import org.xbill.DNS.Message;

/**
 * A reply that passed the transport's checks (source address and port, ID and question match the request).
 *
 * @param message the parsed reply
 * @param transport the transport it actually arrived on
 * @param rtt time from sending (or connecting, for a new stream) to the reply
 * @param reusedConnection true if it came over a stream connection that already existed (TCP / DoT pooling)
 */
public record UpstreamReply(Message message, Transport transport, Duration rtt, boolean reusedConnection) {}
