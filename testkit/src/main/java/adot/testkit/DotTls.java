package adot.testkit;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The DoT server TLS setup, built straight on the JDK's TLS (SunJSSE) for a fast start:
 * <ul>
 *   <li>one self-signed EC P-256 test certificate per JVM (netty-pkitesting), generated in the background on first
 *       use because it is the slow part of a cold start;
 *   <li>per universe, an {@link SSLContext} (its own session cache and ticket keys, so sessions resume only within
 *       one universe) initialised without trust managers (a DoT server does not authenticate clients, and not
 *       loading the JDK's CA store saves start time);
 *   <li>per connection, a server {@link SSLEngine} for TLS 1.3 and 1.2 that selects ALPN "dot" when the client
 *       offers it and sends no ALPN otherwise (never failing the handshake over ALPN).
 * </ul>
 */
final class DotTls {
    /** The ALPN protocol identifier of DNS over TLS (RFC 7858 / IANA). */
    static final String ALPN_DOT = "dot";
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private DotTls() {}

    private static final class KeyHolder {
        static final CompletableFuture<KeyMaterial> KEYS = CompletableFuture.supplyAsync(KeyHolder::create);

        private static KeyMaterial create() {
            try {
                Instant now = Instant.now();
                X509Bundle bundle = new CertificateBuilder()
                        .subject("CN=adot-testkit")
                        .addSanDnsName("adot-testkit.test")
                        .notBefore(now.minus(1, ChronoUnit.DAYS))
                        .notAfter(now.plus(3650, ChronoUnit.DAYS))
                        .ecp256()
                        .setIsCertificateAuthority(true) // a self-signed bundle must be its own root
                        .addExtendedKeyUsageServerAuth()
                        .buildSelfSigned();
                return new KeyMaterial(bundle, bundle.toKeyManagerFactory().getKeyManagers());
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the DoT test certificate", e);
            }
        }
    }

    private record KeyMaterial(X509Bundle bundle, KeyManager[] keyManagers) {}

    /** Starts generating the JVM-wide certificate in the background if not yet done. */
    static void prefetch() {
        KeyHolder.KEYS.isDone();
    }

    /** The test certificate and key (self-signed; tests that validate may trust it with {@code toTrustManager}). */
    static X509Bundle certificate() {
        return KeyHolder.KEYS.join().bundle();
    }

    /** A new server TLS context (own session cache), completed in the background. */
    static CompletableFuture<SSLContext> newServerContext() {
        return KeyHolder.KEYS.thenApplyAsync(keys -> {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.keyManagers(), new TrustManager[0], null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the DoT server TLS context", e);
            }
        });
    }

    /** A server engine for one DoT connection. */
    static SSLEngine newServerEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters params = engine.getSSLParameters();
        params.setProtocols(PROTOCOLS);
        engine.setSSLParameters(params);
        // "" = no ALPN in the ServerHello; returning null would abort the handshake.
        engine.setHandshakeApplicationProtocolSelector((e, offered) -> offered.contains(ALPN_DOT) ? ALPN_DOT : "");
        return engine;
    }
}
