package adot.core.iter;

import java.net.InetAddress;
import org.xbill.DNS.Name;

/**
 * One address to ask, and on behalf of which zone and NS name.
 *
 * @param address the server's address
 * @param nsName the NS name it belongs to (for SNI and the probe table)
 * @param zone the zone cut it is asked as authority for
 */
public record Target(InetAddress address, Name nsName, Name zone) {}
