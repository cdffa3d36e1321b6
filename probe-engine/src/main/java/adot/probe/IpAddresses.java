package adot.probe;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import org.xbill.DNS.Address;

/** Address text and ordering shared by the dump and the state file. */
final class IpAddresses {

  /** IPv4 before IPv6, then by address bytes as unsigned numbers: a stable order for the dump and the file. */
  static final Comparator<InetAddress> ORDER =
      (a, b) -> {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
          return Integer.compare(x.length, y.length);
        }
        return Arrays.compareUnsigned(x, y);
      };

  private IpAddresses() {}

  /** The address as text, IPv6 in the RFC 5952 short form ({@code 2001:db8::1}), as PowerDNS prints it. */
  static String format(InetAddress address) {
    return NetUtil.toAddressString(address);
  }

  /**
   * Parses a literal IPv4 or IPv6 address; never looks a name up.
   *
   * @throws IllegalArgumentException if {@code text} is not a literal address
   */
  static InetAddress parse(String text) {
    try {
      return Address.getByAddress(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }
  }
}
