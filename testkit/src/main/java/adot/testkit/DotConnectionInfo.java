package adot.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A snapshot of one TCP connection accepted on a server's DoT port.
 *
 * @param id the universe-wide connection sequence number (the same as {@link QueryLogEntry#connectionId})
 * @param server the absolute name of the server
 * @param serverAddress the server's address
 * @param client the client's address and port
 * @param accepted when the TCP connection was accepted
 * @param handshakeCompleted when the TLS handshake completed, or null (not yet, failed, or black-holed)
 * @param handshakeFailure why the handshake failed, or null
 * @param closed when the connection was closed, or null while open
 * @param protocol the negotiated TLS protocol (e.g. {@code TLSv1.3}), or null before the handshake
 * @param alpn the negotiated ALPN protocol ({@code "dot"}) or null when the client asked for none
 * @param resumed whether the TLS session was resumed rather than fully negotiated (detected by the server having
 *     seen the session's ID or master-secret-derived identity on an earlier connection)
 */
public record DotConnectionInfo(
        long id,
        String server,
        InetAddress serverAddress,
        InetSocketAddress client,
        Instant accepted,
        Instant handshakeCompleted,
        String handshakeFailure,
        Instant closed,
        String protocol,
        String alpn,
        boolean resumed) {

    /** Whether the connection is still open. */
    public boolean open() {
        return closed == null;
    }

    /**
     * The largest number of connections in {@code connections} that were open at the same instant (a connection
     * counts from {@link #accepted} to {@link #closed}, or to now when still open).
     */
    public static int maxConcurrent(Collection<DotConnectionInfo> connections) {
        List<long[]> events = new ArrayList<>();
        for (DotConnectionInfo c : connections) {
            events.add(new long[] {toNanos(c.accepted), 1});
            if (c.closed != null) {
                events.add(new long[] {toNanos(c.closed), -1});
            }
        }
        // Closings sort before openings at the same instant so back-to-back connections do not overlap.
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int max = 0;
        for (long[] e : events) {
            open += (int) e[1];
            max = Math.max(max, open);
        }
        return max;
    }

    private static long toNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
