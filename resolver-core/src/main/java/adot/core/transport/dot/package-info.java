/**
 * DNS over TLS to authoritative servers (RFC 7858), for opportunistic DoT (RFC 9539): {@link
 * adot.core.transport.dot.DotClient}, an {@link adot.core.transport.Upstream} with pooled, pipelined connections, TLS
 * session resumption, ALPN "dot", SNI, EDNS(0) padding (RFC 8467), and its settings {@link
 * adot.core.transport.dot.DotOptions}.
 */
package adot.core.transport.dot;
