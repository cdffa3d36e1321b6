package adot.core.iter;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * A zone cut and its name servers: where the iteration asks next (Unbound's "delegation point").
 *
 * @param zone the zone apex
 * @param servers the NS set with known addresses
 */
public record DelegationPoint(Name zone, List<NameServer> servers) {
  public DelegationPoint {
    servers = List.copyOf(servers);
  }
}
