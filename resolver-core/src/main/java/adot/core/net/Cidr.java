package adot.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fe80::/10}); a bare address means a host
 * route (/32 or /128). Immutable.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses {@code text}; only literal addresses are accepted (no host-name look-up).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Cidr parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.trim();
    int slash = s.indexOf('/');
    String addressPart = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literalAddress(addressPart);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network");
    }
    int maxBits = bytes.length * 8;
    int bits = maxBits;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number");
      }
      if (bits < 0 || bits > maxBits) {
        throw new IllegalArgumentException(
            "'" + text + "' has prefix length " + bits + ", expected 0 to " + maxBits);
      }
    }
    return new Cidr(mask(bytes, bits), bits);
  }

  /** Whether {@code address} lies in this network; an IPv4 address never matches an IPv6 network or vice versa. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int m = (0xFF << (8 - rest)) & 0xFF;
    return (a[fullBytes] & m) == (network[fullBytes] & m);
  }

  public int prefixLength() {
    return prefixLength;
  }

  private static byte[] mask(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      out[i] = (byte) (out[i] & ((0xFF << (8 - keep)) & 0xFF));
    }
    return out;
  }

  private static byte[] literalAddress(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean v6 = s.indexOf(':') >= 0;
    if (!v6 && !s.matches("[0-9.]+")) {
      return null;
    }
    if (v6 && !s.matches("[0-9a-fA-F:.]+")) {
      return null;
    }
    if (!v6 && s.split("\\.", -1).length != 4) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress(); // literal only: the patterns above exclude host names
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
