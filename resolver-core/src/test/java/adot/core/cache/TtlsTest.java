package adot.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

class TtlsTest {
  private static final Name HOST = Name.fromConstantString("host.example.com.");

  private static Record a(String ip, long ttl) throws Exception {
    return new ARecord(HOST, DClass.IN, ttl, InetAddress.getByName(ip));
  }

  @Test
  void lowest_isTheSetsLowestTtlCapped() throws Exception {
    assertThat(Ttls.lowest(List.of(a("192.0.2.1", 300), a("192.0.2.2", 60)), 86400)).isEqualTo(60);
    assertThat(Ttls.lowest(List.of(a("192.0.2.1", 5_000_000)), 86400)).isEqualTo(86400);
  }
}
