package adot.core.transport.dot;

/**
 * A snapshot of a {@link DotClient}'s counters since it was created (the same numbers it publishes to Micrometer).
 *
 * @param connectionsOpened connection attempts started (TCP connect + TLS handshake)
 * @param connectionsReused queries assigned to a connection that had already completed its handshake
 * @param sessionsResumed handshakes that resumed an earlier TLS session instead of a full handshake
 * @param handshakeFailures TLS handshakes that failed (including handshake timeouts)
 * @param queriesSent queries written to a connection (a retried query counts twice)
 * @param unmatchedReplies well-formed replies that matched no query in flight (ID and question), dropped
 * @param malformedReplies frames that did not parse as DNS messages (each one closed its connection)
 * @param retries queries resent on a new connection after their pooled connection failed
 * @param openConnections connections that exist now, in any state short of closed
 */
public record DotStats(
    long connectionsOpened,
    long connectionsReused,
    long sessionsResumed,
    long handshakeFailures,
    long queriesSent,
    long unmatchedReplies,
    long malformedReplies,
    long retries,
    int openConnections) {}
