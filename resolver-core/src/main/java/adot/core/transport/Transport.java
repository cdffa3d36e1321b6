package adot.core.transport;

/** The wire transport one outgoing query travelled on. */
public enum Transport {
  /** Plain DNS over UDP (RFC 1035). */
  DO53_UDP,
  /** Plain DNS over TCP, length-prefixed (RFC 1035 §4.2.2, RFC 7766). */
  DO53_TCP,
  /** DNS over TLS (RFC 7858), port 853 by default. */
  DOT
}
