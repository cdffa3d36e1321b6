package adot.testkit;

import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSession;

/**
 * Tells whether a completed TLS handshake resumed an earlier session. The JDK offers no "was resumed" flag, so two
 * signals are combined (checked on this JDK, see the tests):
 * <ul>
 *   <li>A resumed session keeps the creation time of the session it resumes (TLS 1.3 PSK/tickets restore it from
 *       the ticket; TLS 1.2 reuses the cached session), which is before this connection was accepted, while a fully
 *       negotiated session is created after the accept.
 *   <li>A TLS 1.2 session ID this server context has already seen means the session was resumed by ID.
 * </ul>
 * Bounded (LRU), thread-safe.
 */
final class SessionTracker {
    private static final int CAPACITY = 10_000;
    private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    });

    /** Records {@code session}, established on a connection accepted at {@code accepted}; true if it was resumed. */
    synchronized boolean resumed(SSLSession session, Instant accepted) {
        // creationTime has millisecond resolution: compare with the accept time truncated to the millisecond.
        boolean createdBeforeAccept = session.getCreationTime() < accepted.toEpochMilli();
        byte[] id = session.getId();
        boolean knownId = id != null && id.length > 0 && !seen.add(HexFormat.of().formatHex(id));
        return createdBeforeAccept || knownId;
    }
}
