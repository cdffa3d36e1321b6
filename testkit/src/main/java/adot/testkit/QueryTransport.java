package adot.testkit;

/** The transport a query reached an {@link AuthServer} over. */
public enum QueryTransport {
    /** Do53 over UDP. */
    UDP,
    /** Do53 over TCP (RFC 7766, 2-byte length prefix). */
    TCP,
    /** DNS over TLS (RFC 7858) on the universe's DoT port. */
    DOT
}
