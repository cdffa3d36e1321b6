package adot.core.transport.dot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DotTlsTest {

  @Test
  void sniName_nsNameWithTrailingDot_lowerCasedWithoutDot() {
    assertThat(DotTls.sniName("NS1.Example.COM.")).isEqualTo("ns1.example.com");
  }

  @Test
  void sniName_absentOrUnusable_null() {
    assertThat(DotTls.sniName(null)).isNull();
    assertThat(DotTls.sniName(".")).isNull();
    assertThat(DotTls.sniName("192.0.2.1")).isNull();
    assertThat(DotTls.sniName("2001:db8::1")).isNull();
    assertThat(DotTls.sniName("bad name.example")).isNull();
  }

  @Test
  void isLdhHostName_plainNames_trueAndAgreesWithSniHostName() {
    for (String name : new String[] {"ns1.example.com", "a", "x-1.b2.test", "1.2.3.example", "a".repeat(63) + ".com"}) {
      assertThat(DotTls.isLdhHostName(name)).as(name).isTrue();
      assertThat(new javax.net.ssl.SNIHostName(name).getAsciiName()).isEqualTo(name);
    }
  }

  @Test
  void isLdhHostName_otherNames_falseAndLeftToSniHostName() {
    for (String name : new String[] {"", "a..b", "-a.b", "a-.b", "a_b.example", "bücher.example", "a b",
        "a".repeat(64) + ".com", ("a".repeat(50) + ".").repeat(5) + "com"}) {
      assertThat(DotTls.isLdhHostName(name)).as(name).isFalse();
    }
    assertThat(DotTls.sniName("ns_1.example.com")).as("SNIHostName decides").isNull();
    assertThat(DotTls.sniName("Bücher.Example.")).isEqualTo("bücher.example");
  }

  @Test
  @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
  void best_linuxWithShippedNativeLibrary_boringSsl() {
    // the distribution ships BoringSSL for these two; falling back to the JDK here means the native jar or its
    // version no longer matches Netty
    assertThat(DotTls.Implementation.best()).isEqualTo(DotTls.Implementation.BORINGSSL);
  }

  @ParameterizedTest
  @EnumSource(DotTls.Implementation.class)
  void sessionTimeout_eitherImplementation_oneDay(DotTls.Implementation implementation) {
    DotClientFixture.assumeAvailable(implementation);

    DotTls tls = new DotTls(DotOptions.defaults(), implementation);

    // Netty's BoringSSL client cache would drop sessions after 5 minutes: a pooled connection older than that could
    // not be resumed when it reconnects
    assertThat(tls.sessionTimeoutSeconds()).isEqualTo(DotTls.SESSION_TIMEOUT_SECONDS).isEqualTo(86_400);
  }
}
