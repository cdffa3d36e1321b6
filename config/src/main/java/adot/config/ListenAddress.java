package adot.config;

import adot.core.net.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An address and port to listen on, written {@code "127.0.0.1:5300"} or {@code "[::1]:5300"}. Only literal addresses
 * (no host names, so start-up never depends on DNS).
 *
 * @param address the IP address
 * @param port the port, 0 for any free port (tests)
 */
public record ListenAddress(InetAddress address, int port) {

  /** Parses {@code ADDRESS:PORT} or {@code [V6ADDRESS]:PORT}; throws IllegalArgumentException saying what is wrong. */
  public static ListenAddress parse(String text) {
    String s = text.trim();
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("expected \"[IPv6]:PORT\", e.g. \"[::1]:53\"");
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0 || s.indexOf(':') != colon) {
        throw new IllegalArgumentException("expected \"ADDRESS:PORT\", e.g. \"127.0.0.1:53\" (IPv6 as \"[::1]:53\")");
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + port + "' is not a number");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("port " + p + " is out of range 0..65535");
    }
    try {
      Cidr.parse(host); // validates a literal address without any look-up
      return new ListenAddress(InetAddress.getByName(host), p);
    } catch (IllegalArgumentException | UnknownHostException e) {
      throw new IllegalArgumentException("'" + host + "' is not an IP address");
    }
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address, port);
  }

  @Override
  public String toString() {
    String h = address.getHostAddress();
    return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port;
  }
}
