package adot.testkit;

/**
 * A misbehaviour an {@link AuthServer} can be switched into at run time ({@link AuthServer#setFault}) or from the
 * start ({@link UniverseBuilder#fault}). Several faults may be active at once (e.g. {@link #LAME} on Do53 and
 * {@link #DOT_BLACK_HOLE} on DoT). Slowness is not a fault but a delay: {@link AuthServer#setDelay}.
 */
public enum Fault {
    /**
     * Drops everything: no UDP reply; TCP connections are accepted but no query is ever answered; DoT connections
     * are accepted but the TLS handshake is never answered. Queries that arrive are still logged.
     */
    SILENT,
    /** Every UDP reply is sent with TC=1 and empty answer, authority and additional sections (TCP/DoT unaffected). */
    TRUNCATE_UDP,
    /** REFUSED (without AA) to every query on every transport: the server is lame for everything. */
    LAME,
    /** Queries carrying an OPT record get FORMERR without OPT; queries without EDNS are answered normally. */
    FORMERR_ON_EDNS,
    /**
     * For each UDP query, first sends two forged replies from the server's own address (one with a wrong message ID,
     * one with the right ID but a wrong question; both carry {@code qname A 6.6.6.6}, see
     * {@link AuthServer#FORGED_ADDRESS}), then the real reply.
     */
    SPOOF,
    /**
     * DS queries are answered as A queries for the same name would be, so a DS query for a delegated child gets a
     * referral to that child: a broken parent that treats DS as child-side data (RFC 4035 §3.1.4.1 puts it on the
     * parent side).
     */
    REFER_DS,
    /**
     * Replies whose answer section holds a CNAME get rcode NXDOMAIN: a server claiming that the chain's target, which
     * may lie in a zone it does not serve, does not exist.
     */
    CNAME_NXDOMAIN,
    /** DoT port accepts TCP connections, never answers the TLS handshake and never closes them. */
    DOT_BLACK_HOLE,
    /** DoT handshake succeeds; each DNS query is then answered with garbage bytes and the connection is closed. */
    DOT_BROKEN_DNS,
    /**
     * The DoT port accepts TCP connections but does not speak TLS: the client's first bytes (its ClientHello) are
     * answered with a line of text ({@code HTTP/1.1 400 Bad Request}) and the connection is closed, as when something
     * else listens on port 853. Only meaningful for DoT-capable servers.
     */
    DOT_BROKEN_TLS,
    /**
     * Nothing listens on the DoT port of this server's address (connection refused); the listener is bound again
     * when the fault is cleared. Only meaningful for DoT-capable servers.
     */
    DOT_REFUSED
}
