package adot.core.net;

import java.net.InetAddress;
import java.util.List;

/**
 * An ordered list of {@link Cidr} networks answering "is this address in any of them". Used for {@code dont-query}
 * (outgoing) and {@code allow-from} (incoming). Immutable.
 */
public final class AddressFilter {

  /**
   * The ranges a recursive resolver should not send queries to by default, as PowerDNS Recursor's {@code
   * dont-query}: this-network, loopback, RFC 1918, CGNAT (RFC 6598), link-local, documentation (RFC 5737, RFC 3849),
   * benchmarking, multicast/reserved, and IPv6 unspecified, loopback, ULA (RFC 4193), link-local.
   */
  public static final List<String> DEFAULT_DONT_QUERY =
      List.of(
          "0.0.0.0/8", "127.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12",
          "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
          "224.0.0.0/3", "::/128", "::1/128", "fc00::/7", "fe80::/10", "2001:db8::/32");

  /** Clients a resolver answers by default, as PowerDNS Recursor's {@code allow-from}. */
  public static final List<String> DEFAULT_ALLOW_FROM =
      List.of(
          "127.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "192.168.0.0/16", "172.16.0.0/12",
          "::1/128", "fc00::/7", "fe80::/10");

  private final Cidr[] networks;

  public AddressFilter(List<Cidr> networks) {
    this.networks = networks.toArray(new Cidr[0]);
  }

  /** Parses each entry with {@link Cidr#parse}. */
  public static AddressFilter parse(List<String> entries) {
    return new AddressFilter(entries.stream().map(Cidr::parse).toList());
  }

  /** A filter that matches nothing. */
  public static AddressFilter none() {
    return new AddressFilter(List.of());
  }

  public boolean matches(InetAddress address) {
    for (Cidr c : networks) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public List<Cidr> networks() {
    return List.of(networks);
  }

  public boolean isEmpty() {
    return networks.length == 0;
  }

  @Override
  public String toString() {
    return List.of(networks).toString();
  }
}
