package adot.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Zone;

/**
 * Builds large zones directly as records (no master text, so memory stays modest: about 300 bytes a name).
 *
 * <p>A generated zone {@code origin} with {@code n} names holds the SOA and NS ({@code ns1.<origin>}, with its
 * address) at the apex and {@code host-<i>.<origin>. 3600 IN A} for i in [0, n), the address of
 * {@code host-i} being {@link #addressOf(int)} (198.18.0.0/15, the benchmarking range; never contacted).
 */
public final class ZoneGenerator {
    /** At most this many generated names fit the 198.18.0.0/15 address plan. */
    public static final int MAX_NAMES = 1 << 17;

    private ZoneGenerator() {}

    /** The zone {@code origin} with {@code n} names, served by {@code nsName} at {@code nsAddress}. */
    public static Zone generate(Name origin, int n, Name nsName, InetAddress nsAddress) {
        if (n < 0 || n > MAX_NAMES) {
            throw new IllegalArgumentException("names must be in [0, " + MAX_NAMES + "]: " + n);
        }
        try {
            Zone zone = new Zone(origin,
                    new SOARecord(origin, DClass.IN, 3600, nsName, Name.fromString("hostmaster", origin), 1, 7200,
                            3600, 1209600, 300),
                    new NSRecord(origin, DClass.IN, 3600, nsName));
            if (nsName.subdomain(origin)) {
                zone.addRecord(new ARecord(nsName, DClass.IN, 3600, nsAddress));
            }
            for (int i = 0; i < n; i++) {
                zone.addRecord(new ARecord(hostName(origin, i), DClass.IN, 3600, addressOf(i)));
            }
            return zone;
        } catch (IOException e) {
            throw new IllegalStateException("generated zone " + origin + " is invalid", e);
        }
    }

    /** The name of host {@code i} in a generated zone: {@code host-<i>.<origin>}. */
    public static Name hostName(Name origin, int i) {
        try {
            return Name.concatenate(Name.fromString("host-" + i), origin);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The A record data of host {@code i}: 198.18.0.0 + i. */
    public static InetAddress addressOf(int i) {
        int v = (198 << 24) | (18 << 16) | i;
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8),
                (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
