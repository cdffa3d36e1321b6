package adot.probe;

import java.util.Locale;

/**
 * What the resolver knows about one authoritative server's DNS-over-TLS, as PowerDNS Recursor's DoT probe map.
 *
 * <ul>
 *   <li>{@link #UNKNOWN}: visited over Do53, visits are being counted toward a probe;
 *   <li>{@link #BUSY}: a probe is in flight (these rows are bounded by {@code max-busy-dot-probes});
 *   <li>{@link #GOOD}: DoT works: queries go over DoT until the row expires;
 *   <li>{@link #BAD}: the probe or a DoT exchange failed: Do53 until the row expires, then probing may start again.
 * </ul>
 */
public enum DotStatus {
  UNKNOWN("Unknown"),
  BUSY("Busy"),
  GOOD("Good"),
  BAD("Bad");

  private final String displayName;

  DotStatus(String displayName) {
    this.displayName = displayName;
  }

  /** The name PowerDNS prints in its dump ({@code Unknown}, {@code Busy}, {@code Good}, {@code Bad}). */
  public String displayName() {
    return displayName;
  }

  /** Lower-case name, for metric tags. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a {@link #displayName()}.
   *
   * @throws IllegalArgumentException if {@code text} is none of them
   */
  public static DotStatus fromDisplayName(String text) {
    for (DotStatus s : values()) {
      if (s.displayName.equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown DoT status '" + text + "'");
  }
}
