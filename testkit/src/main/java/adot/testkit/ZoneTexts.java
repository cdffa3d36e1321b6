package adot.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Zone;

/**
 * Master-file text helpers: the {@code ${server.name}} address substitution and parsing into a dnsjava {@link Zone}.
 *
 * <p>In zone text, {@code ${ns1.example.com}} (trailing dot optional, case-insensitive) is replaced by the IPv4
 * address the universe assigned to the server of that name, so glue can be written as
 * {@code ns1.example.com. A ${ns1.example.com}}. Placeholders are replaced anywhere in the text, comments included,
 * and an unknown name fails the start.
 */
public final class ZoneTexts {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    /** TTL for records that have none and no {@code $TTL} is in force. */
    public static final long DEFAULT_TTL = 3600;

    private ZoneTexts() {}

    /** Replaces each {@code ${name}} with the address of the server of that name. */
    public static String substitute(String text, Map<Name, InetAddress> addresses) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            Name name = absoluteName(m.group(1).trim());
            InetAddress address = addresses.get(name);
            if (address == null) {
                throw new IllegalArgumentException("zone text refers to ${" + m.group(1) + "} but no server "
                        + name + " is defined; servers: " + addresses.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(address.getHostAddress()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Parses master-file text (after substitution) into a zone; the text must hold exactly one SOA at the origin. */
    public static Zone parse(Name origin, String text) {
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), origin, DEFAULT_TTL)) {
            master.disableIncludes();
            Record r;
            while ((r = master.nextRecord()) != null) {
                records.add(r);
            }
            return new Zone(origin, records.toArray(new Record[0]));
        } catch (IOException e) {
            throw new IllegalArgumentException("zone " + origin + ": " + e.getMessage(), e);
        }
    }

    /** Reads a zone file shipped under {@code /adot/testkit/zones/}. */
    public static String resource(String fileName) {
        String path = "/adot/testkit/zones/" + fileName;
        try (InputStream in = ZoneTexts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no zone resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code name} as an absolute, lower-case DNS name ("ns1.example.com" and "NS1.example.com." are equal). */
    public static Name absoluteName(String name) {
        try {
            String s = name.endsWith(".") ? name : name + ".";
            return Name.fromString(s.toLowerCase(java.util.Locale.ROOT));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad DNS name '" + name + "': " + e.getMessage(), e);
        }
    }
}
