package adot.core;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.FakeTimeSource;
import adot.core.transport.TransportAdvisor;
import adot.testkit.Universe;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Data shapes real zones have and the default universe lacks: short-lived name-server addresses, long CNAME chains,
 * large UDP answers. Each case once broke the resolver.
 */
class HostileDataTest {
  static Universe universe;
  @TempDir Path tempDir;
  ResolverHarness h;

  @BeforeAll
  static void start() {
    StringBuilder chain = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      chain.append("c").append(i).append(" CNAME c").append(i + 1).append('\n');
    }
    chain.append("c11 A 192.0.2.111\n");
    universe = Universe.builder().defaultZones()
        .zone("short.test.", """
            $TTL 3600
            @ SOA ns1.short.test. h.short.test. 1 3600 600 86400 300
            @ NS ns1.short.test.
            ns1 5 A ${ns1.short.test}
            www A 192.0.2.160
            big TXT "%s" "%s" "%s" "%s" "%s" "%s" "%s" "%s" "%s" "%s" "%s" "%s"
            """.formatted((Object[]) java.util.Collections.nCopies(12, "x".repeat(200)).toArray(new String[0])))
        .server("ns1.short.test", false, "short.test.")
        .delegate("short.test.", "ns1.short.test")
        .zone("chain.test.", """
            $TTL 3600
            @ SOA ns1.chain.test. h.chain.test. 1 3600 600 86400 300
            @ NS ns1.chain.test.
            ns1 A ${ns1.chain.test}
            """ + chain)
        .server("ns1.chain.test", false, "chain.test.")
        .delegate("chain.test.", "ns1.chain.test")
        .start();
  }

  @AfterAll
  static void stop() {
    universe.close();
  }

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void nameServerAddressExpiringBeforeItsNsSet_fallsBackToTheParentsGlue() throws Exception {
    FakeTimeSource time = new FakeTimeSource();
    h = new ResolverHarness(universe, tempDir, o -> o, TransportAdvisor.plainOnly(), null, time);
    assertThat(h.resolve("ns1.short.test", Type.A).rcode()).isEqualTo(Rcode.NOERROR); // TTL 5 replaces the glue
    time.advance(Duration.ofSeconds(10));

    Answer a = h.resolve("www.short.test", Type.A);

    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.160");
  }

  @Test
  void cnameChainLimit_isTheSameFromTheNetworkAndFromTheCache() throws Exception {
    h = new ResolverHarness(universe, tempDir);
    assertThat(h.resolve("c0.chain.test", Type.A).rcode()).as("11 CNAMEs > 10").isEqualTo(Rcode.SERVFAIL);
    assertThat(h.resolve("c0.chain.test", Type.A).rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(h.resolve("c1.chain.test", Type.A).rcode()).as("10 CNAMEs").isEqualTo(Rcode.NOERROR);
    assertThat(h.resolve("c1.chain.test", Type.A).rcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void udpAnswersLargerThan2048BytesArrive() throws Exception {
    h = new ResolverHarness(universe, tempDir, o -> o.withEdnsBufferSize(4096), TransportAdvisor.plainOnly(), null);

    Answer a = h.resolve("big.short.test", Type.TXT);

    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.answer()).hasSize(1);
    assertThat(universe.server("ns1.short.test").queries()).noneMatch(q ->
        q.qname().toString().equals("big.short.test.") && q.transport() == adot.testkit.QueryTransport.TCP);
  }
}
