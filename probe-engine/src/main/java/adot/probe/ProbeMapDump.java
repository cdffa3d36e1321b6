package adot.probe;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The probe map as an operator sees it ({@code rec-control dump-dot-probe-map}), as text in PowerDNS Recursor's layout
 * and as JSON.
 *
 * <p>Text: {@code ; DoT probing map follows}, the column line {@code ; ip domain count status ttd} plus our columns
 * {@code outcome handshake-ms}, {@code ; N Busy entries}, then one tab-separated line per address, ordered by address
 * (IPv4 first); ttd in local time {@code yyyy-MM-dd'T'HH:mm:ss} as PowerDNS prints it. An unknown handshake time is
 * {@code -}.
 */
public final class ProbeMapDump {
  /** PowerDNS's {@code %Y-%m-%dT%T}. */
  private static final DateTimeFormatter LOCAL_TTD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private ProbeMapDump() {}

  /** The text dump of {@code rows} (already in dump order, see {@link DotProbeTable#snapshot()}). */
  public static String text(List<DotProbeEntry> rows, ZoneId zone) {
    StringBuilder out = new StringBuilder(128 + rows.size() * 80);
    out.append("; DoT probing map follows\n");
    out.append("; ip\tdomain\tcount\tstatus\tttd\toutcome\thandshake-ms\n");
    out.append("; ").append(busy(rows)).append(" Busy entries\n");
    for (DotProbeEntry r : rows) {
      out.append(IpAddresses.format(r.ip()))
          .append('\t')
          .append(r.zone())
          .append('\t')
          .append(r.count())
          .append('\t')
          .append(r.status().displayName())
          .append('\t')
          .append(LOCAL_TTD.format(r.ttd().atZone(zone)))
          .append('\t')
          .append(r.outcome().label())
          .append('\t')
          .append(r.handshake() == null ? "-" : Long.toString(r.handshakeMillis()))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * The JSON dump: {@code {"entries":[{"ip":..,"domain":..,"count":..,"status":..,"ttd":..,"outcome":..,
   * "handshakeMs":..}],"busy":N}}, ttd as ISO-8601 with the offset of {@code zone}, handshakeMs {@code null} if
   * unknown.
   */
  public static String json(List<DotProbeEntry> rows, ZoneId zone) {
    StringBuilder out = new StringBuilder(32 + rows.size() * 160);
    out.append("{\"entries\":[");
    boolean first = true;
    for (DotProbeEntry r : rows) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append("{\"ip\":");
      string(out, IpAddresses.format(r.ip()));
      out.append(",\"domain\":");
      string(out, r.zone().toString());
      out.append(",\"count\":").append(r.count());
      out.append(",\"status\":");
      string(out, r.status().displayName());
      out.append(",\"ttd\":");
      string(
          out,
          DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
              r.ttd().truncatedTo(ChronoUnit.SECONDS).atZone(zone).toOffsetDateTime()));
      out.append(",\"outcome\":");
      string(out, r.outcome().label());
      out.append(",\"handshakeMs\":").append(r.handshake() == null ? "null" : Long.toString(r.handshakeMillis()));
      out.append('}');
    }
    out.append("],\"busy\":").append(busy(rows)).append('}');
    return out.toString();
  }

  private static long busy(List<DotProbeEntry> rows) {
    return rows.stream().filter(r -> r.status() == DotStatus.BUSY).count();
  }

  /** Appends {@code s} as a JSON string (RFC 8259 escapes). */
  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
