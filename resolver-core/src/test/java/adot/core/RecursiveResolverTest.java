package adot.core;

import static org.assertj.core.api.Assertions.assertThat;

import adot.testkit.AuthServer;
import adot.testkit.DefaultUniverse;
import adot.testkit.Fault;
import adot.testkit.QueryLogEntry;
import adot.testkit.QueryTransport;
import adot.testkit.Universe;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The resolver against the default test universe, over real sockets: every zone case answers what the authoritative
 * server itself answers, and the universe's query logs show what went over the wire.
 */
class RecursiveResolverTest {
  static Universe universe;
  @TempDir Path tempDir;
  ResolverHarness h;

  @BeforeAll
  static void startUniverse() {
    universe = Universe.startDefault();
  }

  @AfterAll
  static void stopUniverse() {
    universe.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    universe.resetFaults();
    universe.clearLogs();
    h = new ResolverHarness(universe, tempDir);
  }

  @AfterEach
  void tearDown() {
    h.close();
    universe.resetFaults();
  }

  /** What the authoritative server answers when asked directly (over TCP, so large answers arrive whole). */
  static Message direct(String server, String qname, int type) throws Exception {
    SimpleResolver r = new SimpleResolver(universe.addressOf(server));
    r.setPort(universe.do53Port());
    r.setTCP(true);
    r.setTimeout(java.time.Duration.ofSeconds(2));
    Message q = Message.newQuery(Record.newRecord(ResolverHarness.name(qname), type, DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    return r.send(q);
  }

  static Set<String> rdata(List<Record> records) {
    return records.stream().map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
        .collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{1} {2} from {0}")
  @CsvSource({
      "ns1.example.com, www.example.com, A",
      "ns1.example.com, www.example.com, AAAA",
      "ns1.example.com, example.com, MX",
      "ns1.example.com, txt.example.com, TXT",
      "ns1.example.com, alias2.example.com, A",
      "ns1.example.com, anything.wild.example.com, A",
      "ns1.example.com, a.b.ent.example.com, A",
      "ns1.example.com, big.example.com, TXT",
      "ns1.acme.example.com, _acme-challenge.example.com, TXT",
      "ns-glueless.example.net, www.glueless.com, A",
      "ns1.halfdead.com, www.halfdead.com, A",
      "ns1.example.org, www.example.org, A",
  })
  void resolve_answersWhatTheAuthoritativeServerAnswers(String server, String qname, String type) throws Exception {
    int t = Type.value(type);
    Message expected = direct(server, qname, t);

    Answer answer = h.resolve(qname, t);

    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(rdata(answer.answer())).isEqualTo(rdata(expected.getSection(Section.ANSWER))).isNotEmpty();
  }

  @Test
  void resolve_cnameAcrossZonesFollowsChain() throws Exception {
    Answer answer = h.resolve("cross.example.com", Type.A);

    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(rdata(answer.answer())).containsExactlyInAnyOrder(
        "cross.example.com. CNAME www.example.net.",
        "www.example.net. A 192.0.2.101");
    assertThat(answer.answer().get(0).getType()).as("CNAME first").isEqualTo(Type.CNAME);
  }

  @Test
  void resolve_nxdomainForAChainLeavingTheZoneIsCheckedWithTheTargetsServers() {
    universe.server(DefaultUniverse.NS_EXAMPLE_COM).setFault(Fault.CNAME_NXDOMAIN);

    Answer answer = h.resolve("cross.example.com", Type.A);

    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(rdata(answer.answer())).containsExactlyInAnyOrder(
        "cross.example.com. CNAME www.example.net.",
        "www.example.net. A 192.0.2.101");
    assertThat(universe.server(DefaultUniverse.NS_EXAMPLE_NET).queries())
        .anyMatch(q -> q.qname().equals(ResolverHarness.name("www.example.net")));
  }

  @Test
  void resolve_dnameIsFollowedThroughTheSynthesisedCname() {
    Answer answer = h.resolve("www.old.example.org", Type.A);

    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(rdata(answer.answer())).contains(
        "www.old.example.org. CNAME www.example.net.",
        "www.example.net. A 192.0.2.101");
  }

  @Test
  void resolve_nxdomainCarriesSoaAndNamesBelowAreAskedAgain() {
    Answer answer = h.resolve("nope.example.com", Type.A);
    assertThat(answer.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answer.authority()).singleElement()
        .satisfies(r -> {
          assertThat(r.getType()).isEqualTo(Type.SOA);
          assertThat(r.getTTL()).as("negative TTL = SOA minimum").isLessThanOrEqualTo(300);
        });

    universe.clearLogs();
    Answer below = h.resolve("deeper.nope.example.com", Type.A);
    assertThat(below.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(universe.queries()).as("no RFC 8020 shortcut without DNSSEC validation: the server is asked").isNotEmpty();
  }

  @Test
  void resolve_nodataCarriesSoa() {
    Answer answer = h.resolve("v4only.example.com", Type.AAAA);
    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.answer()).isEmpty();
    assertThat(answer.authority()).extracting(Record::getType).containsExactly(Type.SOA);
  }

  @Test
  void resolve_emptyNonTerminalIsNodata() {
    Answer answer = h.resolve("ent.example.com", Type.A);
    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.answer()).isEmpty();
  }

  @Test
  void resolve_bigAnswerArrivesOverTcpAfterTruncation() {
    Answer answer = h.resolve("big.example.com", Type.TXT);

    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    List<QueryTransport> transports = universe.server("ns1.example.com").queries().stream()
        .filter(q -> q.qname().equals(ResolverHarness.name("big.example.com")))
        .map(QueryLogEntry::transport).toList();
    assertThat(transports).containsExactly(QueryTransport.UDP, QueryTransport.TCP);
  }

  @Test
  void resolve_cnameLoopIsServfail() {
    Answer inZone = h.resolve("loop1.example.com", Type.A);
    Answer acrossZones = h.resolve("loop.example.com", Type.A);

    assertThat(inZone.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(acrossZones.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(universe.queries().size()).as("a loop stops quickly").isLessThan(20);
  }

  @Test
  void resolve_lameDelegationIsServfail() {
    Answer answer = h.resolve("www.lame.com", Type.A);
    assertThat(answer.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(answer.extendedError()).isEqualTo(Answer.EDE_NO_REACHABLE_AUTHORITY);
  }

  @Test
  void resolve_deadServerCostsAtMostOneTimeout() {
    AuthServer dead = universe.server("ns2.halfdead.com");
    assertThat(dead.faults()).contains(Fault.SILENT);

    long start = System.nanoTime();
    Answer first = h.resolve("www.halfdead.com", Type.A);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(first.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(dead.queries().size()).as("the dead server is asked at most once").isLessThanOrEqualTo(1);
    assertThat(elapsedMs).as("at most one network timeout plus round trips")
        .isLessThan(ResolverHarness.NETWORK_TIMEOUT.toMillis() + 1000);

    for (String name : new String[] {"mail.halfdead.com", "ftp.halfdead.com", "x.halfdead.com"}) {
      h.resolve(name, Type.A);
    }
    assertThat(dead.queries().size())
        .as("once measured as dead, the server is not asked again while the live one answers")
        .isLessThanOrEqualTo(1);
  }

  @Test
  void resolve_secondQuestionIsAnsweredFromCacheWithoutQueries() {
    Answer first = h.resolve("www.example.com", Type.A);
    universe.clearLogs();

    Answer second = h.resolve("www.example.com", Type.A);

    assertThat(second.fromCache()).isTrue();
    assertThat(rdata(second.answer())).isEqualTo(rdata(first.answer()));
    assertThat(universe.queries()).isEmpty();
  }

  @Test
  void resolve_wireBehaviour_rdClearMinimisedNamesDistinctPorts() {
    h.resolve("www.example.com", Type.A);
    h.resolve("txt.example.com", Type.TXT);
    h.resolve("www.example.net", Type.A);

    List<QueryLogEntry> all = universe.queries();
    assertThat(all).isNotEmpty().allSatisfy(q -> assertThat(q.rd()).as("RD clear: %s", q).isFalse());
    assertThat(all).allSatisfy(q -> assertThat(q.edns()).as("EDNS(0): %s", q).isTrue());
    assertThat(all).filteredOn(q -> q.transport() == QueryTransport.UDP)
        .allSatisfy(q -> assertThat(q.ednsPayloadSize()).isEqualTo(1232));

    List<QueryLogEntry> atRoot = universe.rootServers().stream().flatMap(s -> s.queries().stream()).toList();
    assertThat(atRoot).isNotEmpty().allSatisfy(q ->
        assertThat(q.qname().labels()).as("root sees only the TLD (plus priming .): %s", q).isLessThanOrEqualTo(2));
    assertThat(universe.server("ns1.nic.com").queries()).isNotEmpty().allSatisfy(q ->
        assertThat(q.qname().labels()).as("com. sees at most example.com.: %s", q).isLessThanOrEqualTo(3));

    List<Integer> udpPorts = all.stream().filter(q -> q.transport() == QueryTransport.UDP)
        .map(q -> q.client().getPort()).toList();
    assertThat(Set.copyOf(udpPorts)).as("a fresh source port per UDP query").hasSize(udpPorts.size());
  }

  @Test
  void resolve_referralBombIsStoppedAtTheNsLookupLimit() {
    Answer answer = h.resolve("www.attack.bomb.test", Type.A);

    assertThat(answer.rcode()).isEqualTo(Rcode.SERVFAIL);
    long victimNames = universe.queries().stream()
        .filter(q -> q.qname().subdomain(ResolverHarness.name("nxns-victim.org")))
        .map(q -> q.qname().toString())
        .filter(n -> !n.equals("nxns-victim.org."))
        .distinct().count();
    assertThat(victimNames).as("distinct NS names looked up").isLessThanOrEqualTo(10);
    assertThat(universe.queries().size()).as("outgoing queries for the question")
        .isLessThanOrEqualTo(ResolverOptions.defaults().maxQueriesPerQuestion());
    assertThat(h.registry.counter("adot.resolution.failures", "reason", "max_ns_lookups").count()).isEqualTo(1);
  }

  @Test
  void resolve_spoofedRepliesAreNeverAccepted() {
    AuthServer spoofer = universe.server("ns1.spoof.test");
    spoofer.setFault(Fault.SPOOF);

    Answer answer = h.resolve("www.spoof.test", Type.A);

    assertThat(rdata(answer.answer())).containsExactly("www.spoof.test. A 192.0.2.81");
    assertThat(h.upstream.mismatchedReplies()).as("forged datagrams seen and dropped").isGreaterThan(0);
    h.resolver.recordCache().forEach(set -> assertThat(set.records())
        .noneMatch(r -> r.rdataToString().equals(AuthServer.FORGED_ADDRESS)));
  }

  @Test
  void resolve_formerrOnEdnsRetriesWithoutEdns() {
    AuthServer old = universe.server("ns1.example.org");
    old.setFault(Fault.FORMERR_ON_EDNS);

    Answer answer = h.resolve("www.example.org", Type.A);

    assertThat(rdata(answer.answer())).containsExactly("www.example.org. A 192.0.2.201");
    assertThat(old.queries()).anyMatch(q -> !q.edns());
  }

  @Test
  void resolve_dsIsAnsweredByTheParentNotTheChild() {
    Answer answer = h.resolve("example.com", Type.DS);

    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.answer()).isEmpty();
    assertThat(universe.server(DefaultUniverse.NS_COM).queries())
        .anyMatch(q -> q.qtype() == Type.DS && q.qname().equals(ResolverHarness.name("example.com")));
    assertThat(universe.server(DefaultUniverse.NS_EXAMPLE_COM).queries()).noneMatch(q -> q.qtype() == Type.DS);
  }

  @Test
  void resolve_dsReferredToTheNameItselfIsNotAskedOfTheChild() {
    universe.server(DefaultUniverse.NS_COM).setFault(Fault.REFER_DS);

    Answer answer = h.resolve("example.com", Type.DS);

    // com.'s only server is lame for this DS: no answer from the wrong side of the cut, SERVFAIL instead
    assertThat(answer.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(universe.server(DefaultUniverse.NS_EXAMPLE_COM).queries()).noneMatch(q -> q.qtype() == Type.DS);
  }

  @Test
  void resolve_serverConfirmedToRejectEdnsIsAskedWithoutItNextTime() {
    AuthServer old = universe.server("ns1.example.org");
    old.setFault(Fault.FORMERR_ON_EDNS);
    h.resolve("www.example.org", Type.A);
    universe.clearLogs();

    Answer answer = h.resolve("www.example.org", Type.MX);

    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(old.queries()).isNotEmpty().allMatch(q -> !q.edns());
  }

  @Test
  void resolve_identicalQuestionsInFlightShareOneResolution() {
    universe.server("ns1.example.com").setDelay(java.time.Duration.ofMillis(150));
    var futures = java.util.stream.IntStream.range(0, 5)
        .mapToObj(i -> h.resolver.resolve(Question.of("mail.example.com", Type.A))).toList();

    futures.forEach(f -> assertThat(f.join().rcode()).isEqualTo(Rcode.NOERROR));
    long asked = universe.server("ns1.example.com").queries().stream()
        .filter(q -> q.qname().equals(ResolverHarness.name("mail.example.com"))).count();
    assertThat(asked).isEqualTo(1);
  }

  @Test
  void resolve_withoutQnameMinimisationSendsFullNameToRoot() throws Exception {
    h.close();
    h = new ResolverHarness(universe, tempDir, o -> o.withQnameMinimisation(false),
        adot.core.transport.TransportAdvisor.plainOnly(), null);
    universe.clearLogs();

    h.resolve("www.example.com", Type.A);

    assertThat(universe.rootServers().stream().flatMap(s -> s.queries().stream()))
        .anyMatch(q -> q.qname().equals(ResolverHarness.name("www.example.com")));
  }

  @Test
  void resolve_firstAnswerFromTheNetwork_hasTheCappedTtlsACacheHitWouldHave() throws Exception {
    h.close();
    CacheOptions capped = new CacheOptions(1000, 1000, java.time.Duration.ofSeconds(60),
        java.time.Duration.ofSeconds(60), 1000);
    h = new ResolverHarness(universe, tempDir, o -> o.withCache(capped),
        adot.core.transport.TransportAdvisor.plainOnly(), null);

    Answer first = h.resolve("alias.example.com", Type.A); // CNAME + A, served with TTLs above a minute

    assertThat(first.answer()).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(r -> assertThat(r.getTTL()).isLessThanOrEqualTo(60));
  }
}
