package adot.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.CacheOptions;
import adot.core.time.FakeTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

class NegativeCacheTest {
  private final FakeTimeSource time = new FakeTimeSource();
  private final NegativeCache cache = new NegativeCache(CacheOptions.defaults(), time);
  private static final Name ZONE = Name.fromConstantString("example.com.");

  private static SOARecord soa(long ttl, long minimum) {
    return new SOARecord(ZONE, DClass.IN, ttl, Name.fromConstantString("ns1.example.com."),
        Name.fromConstantString("hostmaster.example.com."), 1, 3600, 600, 86400, minimum);
  }

  @Test
  void putNxdomain_ttlIsMinOfSoaTtlAndMinimum() {
    Name gone = Name.fromConstantString("nope.example.com.");
    cache.putNxdomain(gone, soa(3600, 300));

    NegativeAnswer neg = cache.get(gone, Type.A);
    assertThat(neg.nxdomain()).isTrue();
    assertThat(neg.soa().get(0).getTTL()).isEqualTo(300);

    time.advance(Duration.ofSeconds(299));
    assertThat(cache.get(gone, Type.AAAA)).as("NXDOMAIN covers every type").isNotNull();
    time.advance(Duration.ofSeconds(2));
    assertThat(cache.get(gone, Type.A)).isNull();
  }

  @Test
  void get_nxdomainDoesNotCoverNamesBelowWithoutValidation() {
    // An old server's NXDOMAIN for an empty non-terminal must not hide the names below it (see NegativeCache#get).
    cache.putNxdomain(Name.fromConstantString("_tcp.example.com."), soa(3600, 300));

    assertThat(cache.get(Name.fromConstantString("_sip._tcp.example.com."), Type.SRV)).isNull();
    assertThat(cache.get(Name.fromConstantString("_tcp.example.com."), Type.SRV).nxdomain()).isTrue();
  }

  @Test
  void putNodata_isPerType() {
    Name www = Name.fromConstantString("www.example.com.");
    cache.putNodata(www, Type.AAAA, soa(60, 300));

    assertThat(cache.get(www, Type.AAAA).nxdomain()).isFalse();
    assertThat(cache.get(www, Type.AAAA).soa().get(0).getTTL()).isEqualTo(60);
    assertThat(cache.get(www, Type.A)).isNull();
  }

  @Test
  void put_capsAtMaxNegativeTtl() {
    NegativeCache capped = new NegativeCache(
        new CacheOptions(10, 10, Duration.ofDays(1), Duration.ofSeconds(30), 10), time);
    Name gone = Name.fromConstantString("nope.example.com.");
    capped.putNxdomain(gone, soa(86400, 86400));
    assertThat(capped.get(gone, Type.A).soa().get(0).getTTL()).isEqualTo(30);
    time.advance(Duration.ofSeconds(31));
    assertThat(capped.get(gone, Type.A)).isNull();
  }

  @Test
  void put_withoutSoaIsNotCached_rfc2308section5() {
    Name gone = Name.fromConstantString("nope.example.com.");
    cache.putNxdomain(gone, null);
    assertThat(cache.get(gone, Type.A)).isNull();
  }
}
