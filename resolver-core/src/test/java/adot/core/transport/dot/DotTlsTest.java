package adot.core.transport.dot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
