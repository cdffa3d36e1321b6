package adot.testkit;

import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSession;

/**
 * Tells whether a completed TLS handshake resumed an earlier session. The JDK offers no "was resumed" flag, but a
 * resumed session carries the identity of the session it resumes: for TLS 1.2 the session ID, for TLS 1.3 the JDK
 * restores the original session's ID from the PSK/ticket. So a session whose ID this server context has already
 * seen on an earlier handshake was resumed. Bounded (LRU), thread-safe.
 */
final class SessionTracker {
    private static final int CAPACITY = 10_000;
    private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    });

    /** Records {@code session} and returns whether it had been seen before (i.e. this handshake resumed it). */
    synchronized boolean seenBefore(SSLSession session) {
        byte[] id = session.getId();
        if (id == null || id.length == 0) {
            return false;
        }
        return !seen.add(HexFormat.of().formatHex(id));
    }
}
