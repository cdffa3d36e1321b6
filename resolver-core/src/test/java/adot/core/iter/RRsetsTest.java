package adot.core.iter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

class RRsetsTest {
  private static final Name WWW = Name.fromConstantString("www.example.com.");
  private static final Name HOST = Name.fromConstantString("host.example.com.");

  private static Record a(Name name, String ip, long ttl) throws Exception {
    return new ARecord(name, DClass.IN, ttl, InetAddress.getByName(ip));
  }

  @Test
  void withCacheTtls_eachSetGetsItsLowestTtlCappedAndOrderIsKept() throws Exception {
    List<Record> wire = List.of(
        new CNAMERecord(WWW, DClass.IN, 5_000_000, HOST),
        a(HOST, "192.0.2.1", 300),
        a(HOST, "192.0.2.2", 60));

    List<Record> out = RRsets.withCacheTtls(wire, 86400);

    assertThat(out).extracting(Record::getTTL).containsExactly(86400L, 60L, 60L);
    assertThat(out).extracting(Record::rdataToString).containsExactly("host.example.com.", "192.0.2.1", "192.0.2.2");
  }
}
