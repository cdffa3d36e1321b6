package adot.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void contains_ipv4Prefix() throws Exception {
    Cidr net = Cidr.parse("172.16.0.0/12");
    assertThat(net.contains(InetAddress.getByName("172.31.255.1"))).isTrue();
    assertThat(net.contains(InetAddress.getByName("172.32.0.1"))).isFalse();
  }

  @Test
  void contains_ipv6Prefix() throws Exception {
    Cidr net = Cidr.parse("fe80::/10");
    assertThat(net.contains(InetAddress.getByName("fe80::1"))).isTrue();
    assertThat(net.contains(InetAddress.getByName("fec0::1"))).isFalse();
    assertThat(net.contains(InetAddress.getByName("127.0.0.1"))).as("families never mix").isFalse();
  }

  @Test
  void parse_bareAddressIsHostRoute() throws Exception {
    Cidr host = Cidr.parse("192.0.2.7");
    assertThat(host.prefixLength()).isEqualTo(32);
    assertThat(host.contains(InetAddress.getByName("192.0.2.7"))).isTrue();
    assertThat(host.contains(InetAddress.getByName("192.0.2.8"))).isFalse();
  }

  @Test
  void parse_masksHostBits() {
    assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(Cidr.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
  }

  @Test
  void parse_rejectsHostNamesAndBadPrefixes() {
    assertThatThrownBy(() -> Cidr.parse("localhost")).hasMessageContaining("'localhost'");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("expected 0 to 32");
    assertThatThrownBy(() -> Cidr.parse("10.0.0/8")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("not a number");
  }

  @Test
  void defaultDontQuery_coversLoopbackAndPrivateButNotPublic() throws Exception {
    AddressFilter f = AddressFilter.parse(AddressFilter.DEFAULT_DONT_QUERY);
    assertThat(f.matches(InetAddress.getByName("127.53.0.1"))).isTrue();
    assertThat(f.matches(InetAddress.getByName("192.168.1.1"))).isTrue();
    assertThat(f.matches(InetAddress.getByName("::1"))).isTrue();
    assertThat(f.matches(InetAddress.getByName("198.41.0.4"))).isFalse();
  }
}
