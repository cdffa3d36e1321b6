package adot.core.iter;

import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * One name server of a zone cut and the addresses known for it right now (possibly none: glueless).
 *
 * @param name the NS target name
 * @param addresses known addresses, from glue, the cache or the hints
 */
public record NameServer(Name name, List<InetAddress> addresses) {
  public NameServer {
    addresses = List.copyOf(addresses);
  }
}
