package adot.core.transport.dot;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.internal.tcnative.SSL;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of TLS for DoT: one {@link SslContext} for the life of the client, so that its session cache lets
 * reconnects to the same server resume (TLS 1.3 session tickets, or TLS 1.2 session IDs).
 *
 * <p>The TLS implementation is BoringSSL (netty-tcnative) where its native library loads, the JDK's otherwise: both
 * speak the same protocol here, BoringSSL with less CPU per record ({@link Implementation#best()}).
 *
 * <p>Offers TLS 1.3 and 1.2 and the ALPN protocol {@code "dot"} (IANA registry, RFC 7858); a server that ignores ALPN
 * is accepted. Sends SNI when the query names the server.
 */
final class DotTls {
  /** The ALPN protocol ID registered for DNS over TLS. */
  static final String ALPN_DOT = "dot";

  /** How long a TLS session stays in the client's cache for resumption: the JDK's default, one day. */
  static final long SESSION_TIMEOUT_SECONDS = 24 * 60 * 60;

  private static final Logger log = LoggerFactory.getLogger(DotTls.class);

  /** Which TLS library encrypts the DoT connections. */
  enum Implementation {
    /** BoringSSL through netty-tcnative (its native library is shipped for Linux x86-64 and ARM64). */
    BORINGSSL(SslProvider.OPENSSL),
    /** The JDK's own TLS (JSSE): everywhere. */
    JDK(SslProvider.JDK);

    final SslProvider provider;

    Implementation(SslProvider provider) {
      this.provider = provider;
    }

    /** BoringSSL if its native library loads and offers TLS 1.3 and ALPN here, else the JDK's TLS. */
    static Implementation best() {
      boolean usable = OpenSsl.isAvailable()
          && SslProvider.isTlsv13Supported(SslProvider.OPENSSL)
          && SslProvider.isAlpnSupported(SslProvider.OPENSSL);
      return usable ? BORINGSSL : JDK;
    }
  }

  private final SslContext context;
  private final boolean verifyCertificates;
  private final long handshakeTimeoutMillis;

  DotTls(DotOptions options, Implementation implementation) {
    this.verifyCertificates = options.verifyCertificates();
    this.handshakeTimeoutMillis = options.connectTimeout().toMillis();
    SslContextBuilder builder =
        SslContextBuilder.forClient()
            .sslProvider(implementation.provider)
            .protocols("TLSv1.3", "TLSv1.2")
            // How long a session may be offered for resumption (the server's ticket lifetime may be shorter). Set
            // for both: Netty's BoringSSL client cache would keep sessions 5 minutes, the JDK's 24 hours.
            .sessionTimeout(SESSION_TIMEOUT_SECONDS)
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ALPN_DOT));
    if (verifyCertificates) {
      builder.endpointIdentificationAlgorithm("HTTPS");
    } else {
      // Opportunistic mode (RFC 9539): no authentication at all. Netty 4.2 turns host name checking on by default,
      // and the JDK would apply it even on top of a trust-all manager, so switch it off explicitly.
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    }
    try {
      this.context = builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot create the DoT TLS context with " + implementation, e);
    }
    if (implementation == Implementation.BORINGSSL) {
      log.info("event=dot-tls implementation=boringssl library=\"{}\" tcnative={}", OpenSsl.versionString(),
          SSL.class.getPackage().getImplementationVersion());
    } else {
      log.info("event=dot-tls implementation=jdk java={} boringssl=\"{}\"", Runtime.version(), whyNotBoringSsl());
      if (!OpenSsl.isAvailable()) {
        log.debug("BoringSSL did not load", OpenSsl.unavailabilityCause());
      }
    }
  }

  /** Why BoringSSL is not in use, for the start-up line: Netty's summary and the loader's first reason. */
  private static String whyNotBoringSsl() {
    if (OpenSsl.isAvailable()) {
      return Implementation.best() == Implementation.BORINGSSL ? "not chosen" : "no TLS 1.3 or ALPN";
    }
    Throwable cause = OpenSsl.unavailabilityCause();
    StringBuilder why = new StringBuilder("not loaded: ").append(cause);
    Throwable root = cause == null ? null : DotFailure.innermostCause(cause);
    if (root != cause) {
      why.append("; cause: ").append(root);
    }
    // Netty tries several library names; each failure is a suppressed exception, the first is the shipped name's
    Throwable[] tried = root == null ? new Throwable[0] : root.getSuppressed();
    if (tried.length > 0) {
      why.append("; first: ").append(tried[0]);
    }
    return why.toString();
  }

  /** The session context's timeout, in seconds (what {@link #SESSION_TIMEOUT_SECONDS} became). */
  long sessionTimeoutSeconds() {
    return context.sessionContext().getSessionTimeout();
  }

  /**
   * A new client-side handler for one connection.
   *
   * <p>The session cache (of either implementation) is keyed by the peer host and port given here, which is what makes
   * resumption work: the IP address in opportunistic mode, the server name when verifying (so a session authenticated
   * for one name is never resumed for another).
   *
   * @param sniName the normalised SNI name ({@link #sniName}), or {@code null} for none
   */
  SslHandler newHandler(ByteBufAllocator alloc, InetAddress server, int port, String sniName) {
    String peerHost = verifyCertificates && sniName != null ? sniName : server.getHostAddress();
    SslHandler handler = context.newHandler(alloc, peerHost, port);
    if (sniName != null) {
      SSLEngine engine = handler.engine();
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(sniName)));
      engine.setSSLParameters(parameters);
    }
    handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    // Each buffer written becomes a TLS record of its own (the default packs pending writes into records of up to
    // 16 KiB). Pipelined queries must not share a record: some servers read one DNS message per record and then wait
    // for the socket to become readable again, leaving the rest of the record unread until more bytes arrive (NSD 4.6
    // answers the second query of a shared record only when the next query comes, which delays it by the gap between
    // queries, or until the timeout).
    handler.setWrapDataSize(0);
    return handler;
  }

  /**
   * The SNI name to send for a query's {@code tlsServerName}: lower case, without trailing dot; {@code null} when
   * there is none or it cannot be sent as SNI (an IP literal, or not a valid host name).
   */
  static String sniName(String tlsServerName) {
    if (tlsServerName == null) {
      return null;
    }
    String name = tlsServerName.trim().toLowerCase(Locale.ROOT);
    while (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty() || NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) {
      return null;
    }
    if (isLdhHostName(name)) {
      return name; // what SNIHostName accepts, checked without its IDN conversion (this runs once per DoT query)
    }
    try {
      new SNIHostName(name);
      return name;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Whether {@code name} (lower case, no trailing dot) is a plain ASCII host name: labels of 1 to 63 letters, digits
   * and hyphens, not starting or ending with a hyphen, 253 characters at most. Every such name is a valid
   * {@link SNIHostName}; other names (IDN, underscores...) are left to its own check.
   */
  static boolean isLdhHostName(String name) {
    if (name.length() > 253) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= name.length(); i++) {
      char c = i < name.length() ? name.charAt(i) : '.';
      if (c == '.') {
        int length = i - labelStart;
        if (length < 1 || length > 63 || name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
          return false;
        }
        labelStart = i + 1;
      } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a completed handshake resumed an earlier session.
   *
   * <p>BoringSSL says so itself ({@code SSL_session_reused}). The JDK has no public flag for it, but a resumed session
   * (TLS 1.3 PSK or TLS 1.2 session ID) carries the creation time of the session it resumes, taken in an earlier
   * handshake, while a full handshake creates its session after the connection started: so there, a creation time
   * before the connection's start means resumption. Both sides use {@link System#currentTimeMillis()}, hence that clock
   * and not the injected one; the test can only err towards "not resumed" (within the same millisecond). (BoringSSL's
   * creation times are whole seconds, so the JDK's test would call most of its full handshakes resumed.)
   *
   * @param connectStartMillis {@link System#currentTimeMillis()} when the connection attempt began
   */
  static boolean wasResumed(SSLEngine engine, long connectStartMillis) {
    if (engine instanceof ReferenceCountedOpenSslEngine boringSsl) {
      synchronized (boringSsl) { // the pointer stays valid while the engine's lock is held
        long ssl = boringSsl.sslPointer();
        return ssl != 0 && SSL.isSessionReused(ssl);
      }
    }
    return engine.getSession().getCreationTime() < connectStartMillis;
  }

}
