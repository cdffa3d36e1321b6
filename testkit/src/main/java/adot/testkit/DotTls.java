package adot.testkit;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.SSLException;

/**
 * The DoT server TLS setup: one self-signed EC P-256 test certificate per JVM (generated on first use, reused by
 * every universe because generating it is the slow part of a start) and, per universe, a JDK-provider
 * {@link SslContext} for TLS 1.3 and 1.2 that selects ALPN "dot" when the client offers it. Each universe's context
 * has its own session cache and ticket keys, so sessions resume only within one universe.
 */
final class DotTls {
    /** The ALPN protocol identifier of DNS over TLS (RFC 7858 / IANA). */
    static final String ALPN_DOT = "dot";

    private DotTls() {}

    private static final class CertificateHolder {
        static final X509Bundle BUNDLE = create();

        private static X509Bundle create() {
            try {
                Instant now = Instant.now();
                return new CertificateBuilder()
                        .subject("CN=adot-testkit")
                        .addSanDnsName("adot-testkit.test")
                        .notBefore(now.minus(1, ChronoUnit.DAYS))
                        .notAfter(now.plus(3650, ChronoUnit.DAYS))
                        .ecp256()
                        .setIsCertificateAuthority(true)
                        .addExtendedKeyUsageServerAuth()
                        .buildSelfSigned();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the DoT test certificate", e);
            }
        }
    }

    /** The test certificate and key (self-signed; tests that validate may trust it with {@code toTrustManager}). */
    static X509Bundle certificate() {
        return CertificateHolder.BUNDLE;
    }

    static SslContext newServerContext() {
        X509Bundle bundle = certificate();
        try {
            return SslContextBuilder.forServer(bundle.getKeyPair().getPrivate(), bundle.getCertificatePath())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ALPN_DOT))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the DoT server TLS context", e);
        }
    }
}
