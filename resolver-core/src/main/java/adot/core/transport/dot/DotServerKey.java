package adot.core.transport.dot;

import java.net.InetAddress;

/**
 * What a pooled connection is for: a server IP address, plus the TLS server name when certificates are verified (a
 * connection authenticated for one name must not carry queries meant for another). In opportunistic mode nothing is
 * authenticated, so {@code serverName} is {@code null} and all queries to one IP share its connections, whatever SNI
 * they asked for; the SNI sent is the one of the query that opened the connection.
 */
record DotServerKey(InetAddress address, String serverName) {}
