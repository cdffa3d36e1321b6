package adot.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.CacheOptions;
import adot.core.time.FakeTimeSource;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class RecordCacheTest {
  private final FakeTimeSource time = new FakeTimeSource();
  private final RecordCache cache = new RecordCache(CacheOptions.defaults(), time);
  private static final Name WWW = Name.fromConstantString("www.example.com.");

  private static Record a(String ip, long ttl) throws Exception {
    return new ARecord(WWW, DClass.IN, ttl, InetAddress.getByName(ip));
  }

  @Test
  void get_agesTtlAndExpires() throws Exception {
    cache.put(List.of(a("192.0.2.1", 300)), Credibility.AUTH_ANSWER);
    assertThat(cache.get(WWW, Type.A).ttl()).isEqualTo(300);

    time.advance(Duration.ofSeconds(100));
    assertThat(cache.get(WWW, Type.A).ttl()).isEqualTo(200);
    assertThat(cache.get(WWW, Type.A).records().get(0).getTTL()).isEqualTo(200);

    time.advance(Duration.ofSeconds(200));
    assertThat(cache.get(WWW, Type.A)).isNull();
  }

  @Test
  void put_usesLowestTtlOfTheSet() throws Exception {
    cache.put(List.of(a("192.0.2.1", 300), a("192.0.2.2", 60)), Credibility.AUTH_ANSWER);
    assertThat(cache.get(WWW, Type.A).ttl()).isEqualTo(60);
    assertThat(cache.get(WWW, Type.A).records()).hasSize(2);
  }

  @Test
  void put_capsTtlAtMaxTtl() throws Exception {
    RecordCache capped = new RecordCache(
        new CacheOptions(100, 100, Duration.ofSeconds(30), Duration.ofSeconds(10), 100), time);
    capped.put(List.of(a("192.0.2.1", 86400 * 7)), Credibility.AUTH_ANSWER);
    assertThat(capped.get(WWW, Type.A).ttl()).isEqualTo(30);
    time.advance(Duration.ofSeconds(31));
    assertThat(capped.get(WWW, Type.A)).isNull();
  }

  @Test
  void put_glueNeverReplacesAuthoritativeAnswer() throws Exception {
    cache.put(List.of(a("192.0.2.1", 300)), Credibility.AUTH_ANSWER);
    boolean stored = cache.put(List.of(a("203.0.113.66", 3600)), Credibility.ADDITIONAL);

    assertThat(stored).isFalse();
    assertThat(((ARecord) cache.get(WWW, Type.A).records().get(0)).getAddress().getHostAddress())
        .isEqualTo("192.0.2.1");
  }

  @Test
  void put_answerReplacesGlue() throws Exception {
    cache.put(List.of(a("203.0.113.66", 3600)), Credibility.ADDITIONAL);
    assertThat(cache.getAnswerable(WWW, Type.A)).as("glue is not an answer for clients").isNull();

    cache.put(List.of(a("192.0.2.1", 300)), Credibility.AUTH_ANSWER);
    assertThat(cache.getAnswerable(WWW, Type.A).credibility()).isEqualTo(Credibility.AUTH_ANSWER);
  }

  @Test
  void put_lowerRankReplacesExpiredEntry() throws Exception {
    cache.put(List.of(a("192.0.2.1", 10)), Credibility.AUTH_ANSWER);
    time.advance(Duration.ofSeconds(11));
    assertThat(cache.put(List.of(a("192.0.2.9", 100)), Credibility.ADDITIONAL)).isTrue();
    assertThat(cache.get(WWW, Type.A).credibility()).isEqualTo(Credibility.ADDITIONAL);
  }

  @Test
  void put_zeroTtlIsNotCached() throws Exception {
    assertThat(cache.put(List.of(a("192.0.2.1", 0)), Credibility.AUTH_ANSWER)).isFalse();
    assertThat(cache.get(WWW, Type.A)).isNull();
  }

  @Test
  void wipe_subtreeRemovesNamesBelow() throws Exception {
    cache.put(List.of(a("192.0.2.1", 300)), Credibility.AUTH_ANSWER);
    Name other = Name.fromConstantString("www.example.org.");
    cache.put(List.of(new ARecord(other, DClass.IN, 300, InetAddress.getByName("192.0.2.2"))),
        Credibility.AUTH_ANSWER);

    assertThat(cache.wipe(Name.fromConstantString("example.com."), false)).isZero();
    assertThat(cache.wipe(Name.fromConstantString("example.com."), true)).isEqualTo(1);
    assertThat(cache.get(WWW, Type.A)).isNull();
    assertThat(cache.get(other, Type.A)).isNotNull();
  }

  @Test
  void get_namesCompareCaseInsensitively() throws Exception {
    cache.put(List.of(a("192.0.2.1", 300)), Credibility.AUTH_ANSWER);
    assertThat(cache.get(Name.fromConstantString("WWW.Example.COM."), Type.A)).isNotNull();
  }

  @Test
  void maximumSize_boundsTheCache() throws Exception {
    RecordCache small = new RecordCache(
        new CacheOptions(10, 10, Duration.ofDays(1), Duration.ofHours(1), 10), time);
    for (int i = 0; i < 100; i++) {
      Name n = Name.fromConstantString("h" + i + ".example.com.");
      small.put(List.of(new ARecord(n, DClass.IN, 300, InetAddress.getByName("192.0.2.1"))),
          Credibility.AUTH_ANSWER);
    }
    small.cleanUp();
    assertThat(small.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void put_signaturesAreKeptApartFromTheDataTheyCover() throws Exception {
    Record sig = Record.fromString(WWW, Type.RRSIG, DClass.IN, 300,
        "A 8 3 300 20300101000000 20200101000000 12345 example.com. AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e",
        Name.root);
    cache.put(List.of(a("192.0.2.1", 300)), Credibility.AUTH_ANSWER);
    cache.put(List.of(sig), Credibility.AUTH_ANSWER);

    assertThat(cache.get(WWW, Type.A).records()).extracting(Record::getType).containsExactly(Type.A);
    assertThat(cache.get(WWW, Type.RRSIG).records()).extracting(Record::getType).containsExactly(Type.RRSIG);
    assertThat(adot.core.iter.RRsetsAccess.groupCount(List.of(a("192.0.2.1", 300), sig))).isEqualTo(2);
  }

  @Test
  void put_nsSetReplacingALiveOneKeepsTheEarlierExpiry() throws Exception {
    Name zone = Name.fromConstantString("ghost.example.");
    Name ns = Name.fromConstantString("ns1.ghost.example.");
    cache.put(List.of(new NSRecord(zone, DClass.IN, 100, ns)), Credibility.NON_AUTH_AUTHORITY); // the referral
    time.advance(Duration.ofSeconds(60));

    // the child's own, authoritative NS set with a long TTL, again and again before the delegation expires
    assertThat(cache.put(List.of(new NSRecord(zone, DClass.IN, 86400, ns)), Credibility.AUTH_ANSWER)).isTrue();
    time.advance(Duration.ofSeconds(30));
    cache.put(List.of(new NSRecord(zone, DClass.IN, 86400, ns)), Credibility.AUTH_ANSWER);

    assertThat(cache.get(zone, Type.NS).credibility()).isEqualTo(Credibility.AUTH_ANSWER);
    assertThat(cache.get(zone, Type.NS).ttl()).isEqualTo(10);
    time.advance(Duration.ofSeconds(11));
    assertThat(cache.get(zone, Type.NS)).as("gone with the delegation").isNull();

    // once expired, a new set is stored with its own TTL
    cache.put(List.of(new NSRecord(zone, DClass.IN, 86400, ns)), Credibility.AUTH_ANSWER);
    assertThat(cache.get(zone, Type.NS).ttl()).isEqualTo(86400);
  }
}
