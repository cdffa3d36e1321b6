package adot.core.iter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import adot.core.ResolverOptions;
import adot.core.cache.ServerStats;
import adot.core.net.AddressFilter;
import adot.core.time.TimeSource;
import adot.core.transport.NettyUpstream;
import adot.core.transport.Transport;
import adot.core.transport.TransportAdvisor;
import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamRequest;
import adot.core.transport.dot.DotClient;
import adot.core.transport.dot.DotOptions;
import adot.testkit.AuthServer;
import adot.testkit.DefaultUniverse;
import adot.testkit.Fault;
import adot.testkit.QueryLogEntry;
import adot.testkit.QueryTransport;
import adot.testkit.Universe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@link QuerySender} against {@code dot2.test.}'s DoT-capable server in the default universe, on real sockets: which
 * transport carries the query, the resends that belong to one server, and what the {@link TransportAdvisor} is told.
 */
class QuerySenderTest {
  /** Long enough for a first TLS handshake on a loaded machine; the silent-server test waits it twice. */
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Name WWW = Name.fromConstantString(DefaultUniverse.WWW_DOT2_TEST);
  private static final int EDNS_BUFFER_SIZE = 1232;
  private static Universe universe;
  private static AuthServer server;
  private static EventLoopGroup group;

  private final RecordingAdvisor advisor = new RecordingAdvisor();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ServerStats stats = new ServerStats(1000, 3, Duration.ofSeconds(60), TimeSource.system());
  private final Budget budget = new Budget(ResolverOptions.defaults(), TimeSource.system());
  private NettyUpstream upstream;
  private QuerySender sender;
  private Target target;

  @BeforeAll
  static void startUniverse() throws Exception {
    universe = Universe.startDefault();
    server = universe.server(DefaultUniverse.NS_DOT2);
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    // One DoT exchange first: the TLS library's loading and first handshake are not any test's time.
    try (DotClient warm = dotClient()) {
      warm.send(new UpstreamRequest(server.address(), new QueryFactory(EDNS_BUFFER_SIZE).query(WWW, Type.A, true),
          Transport.DOT, Duration.ofSeconds(10), null)).get(15, TimeUnit.SECONDS);
    }
  }

  private static DotClient dotClient() {
    return new DotClient(group, DotOptions.defaults().withPort(universe.dotPort()), TimeSource.system());
  }

  @AfterAll
  static void stopUniverse() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    universe.close();
  }

  @BeforeEach
  void newSender() {
    // A DoT client per test: a connection pooled by one test must not carry the next one's queries.
    upstream = new NettyUpstream(group, universe.do53Port(), EDNS_BUFFER_SIZE, dotClient(), AddressFilter.none(),
        registry);
    sender = new QuerySender(upstream, advisor, stats, new QueryFactory(EDNS_BUFFER_SIZE), TIMEOUT, registry);
    target = new Target(server.address(), Name.fromConstantString(DefaultUniverse.NS_DOT2),
        Name.fromConstantString("dot2.test."));
    server.clearLog();
  }

  @AfterEach
  void healthyAgain() {
    upstream.close();
    server.clearFault();
  }

  private Message exchange() {
    return sender.exchange(budget, target, WWW, Type.A).orTimeout(5, TimeUnit.SECONDS).join();
  }

  private List<QueryTransport> transports() {
    return server.queries().stream().map(QueryLogEntry::transport).toList();
  }

  private double fallbacks() {
    return registry.get("adot.dot.fallbacks").counter().count();
  }

  @Test
  void exchange_do53_answersOverUdpAndCountsTheVisit() {
    Message reply = exchange();

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(transports()).containsExactly(QueryTransport.UDP);
    assertThat(advisor.visits).containsExactly(server.address());
    assertThat(stats.smoothedRttMicros(server.address())).isPositive();
    assertThat(budget.queriesSent()).isEqualTo(1);
  }

  @Test
  void exchange_dot_answersOverDotAndReportsTheSuccess() {
    advisor.choice = TransportAdvisor.Choice.DOT;

    Message reply = exchange();

    assertThat(reply.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(transports()).containsExactly(QueryTransport.DOT);
    assertThat(advisor.successes).containsExactly(server.address());
    assertThat(advisor.visits).as("a DoT query is no cleartext visit").isEmpty();
    assertThat(fallbacks()).isZero();
  }

  @Test
  void exchange_dotFailsOtherThanByTimeout_resentOverDo53AndReportedAtOnce() {
    advisor.choice = TransportAdvisor.Choice.DOT;
    server.setFault(Fault.DOT_BROKEN_DNS);

    Message reply = exchange();

    assertThat(reply.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(transports()).containsExactly(QueryTransport.DOT, QueryTransport.UDP);
    assertThat(advisor.failures).singleElement()
        .satisfies(f -> assertThat(f.kind()).isNotEqualTo(UpstreamException.Kind.TIMEOUT));
    assertThat(advisor.successes).isEmpty();
    assertThat(fallbacks()).isEqualTo(1);
    assertThat(budget.queriesSent()).isEqualTo(2);
  }

  @Test
  void exchange_dotTimesOutAndDo53Answers_theTimeoutIsReported() {
    advisor.choice = TransportAdvisor.Choice.DOT;
    server.setFault(Fault.DOT_BLACK_HOLE); // the TLS handshake is never answered

    Message reply = exchange();

    assertThat(reply.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(transports()).containsExactly(QueryTransport.UDP);
    assertThat(advisor.failures).singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT));
    assertThat(fallbacks()).isEqualTo(1);
  }

  @Test
  void exchange_dotTimesOutAndDo53IsSilentToo_nothingIsReported() {
    advisor.choice = TransportAdvisor.Choice.DOT;
    server.setFault(Fault.SILENT);

    Throwable e = catchThrowable(this::exchange);

    assertThat(e).isInstanceOf(CompletionException.class).cause().isInstanceOf(UpstreamException.class)
        .extracting(c -> ((UpstreamException) c).kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    assertThat(advisor.failures).as("a server that is down is no DoT failure").isEmpty();
    assertThat(fallbacks()).isEqualTo(1);
  }

  @Test
  void exchange_dotOnly_answersOverDot() {
    advisor.choice = TransportAdvisor.Choice.DOT_ONLY;

    Message reply = exchange();

    assertThat(reply.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(transports()).containsExactly(QueryTransport.DOT);
    assertThat(advisor.successes).as("not the advisor's to judge").isEmpty();
  }

  @Test
  void exchange_dotOnlyFails_isNotResentInCleartextAndCountsAgainstTheServersRtt() {
    advisor.choice = TransportAdvisor.Choice.DOT_ONLY;
    server.setFault(Fault.DOT_BROKEN_DNS);

    Throwable e = catchThrowable(this::exchange);

    assertThat(e).isInstanceOf(CompletionException.class).cause().isInstanceOf(UpstreamException.class);
    assertThat(transports()).containsExactly(QueryTransport.DOT);
    assertThat(advisor.failures).isEmpty();
    assertThat(fallbacks()).isZero();
    // penalised as a timeout (1 s), decaying from then: far above any loopback reply
    assertThat(stats.smoothedRttMicros(server.address())).isGreaterThan(500_000);
  }

  @Test
  void exchange_dotOnlyTimesOut_countedAgainstTheServersRtt() {
    advisor.choice = TransportAdvisor.Choice.DOT_ONLY;
    server.setFault(Fault.DOT_BLACK_HOLE);

    Throwable e = catchThrowable(this::exchange);

    assertThat(e).cause().isInstanceOf(UpstreamException.class)
        .extracting(c -> ((UpstreamException) c).kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    assertThat(transports()).as("nothing in cleartext").isEmpty();
    assertThat(advisor.failures).isEmpty();
    assertThat(stats.smoothedRttMicros(server.address())).isGreaterThan(500_000);
  }

  @Test
  void exchange_truncatedOverUdp_resentOverTcp() {
    server.setFault(Fault.TRUNCATE_UDP);

    Message reply = exchange();

    assertThat(reply.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(transports()).containsExactly(QueryTransport.UDP, QueryTransport.TCP);
    assertThat(budget.queriesSent()).isEqualTo(2);
  }

  @Test
  void exchange_formerrToEdns_resentWithoutEdnsAndRemembered() {
    server.setFault(Fault.FORMERR_ON_EDNS);

    Message reply = exchange();
    server.clearLog();
    exchange();

    assertThat(reply.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(stats.noEdns(server.address())).isTrue();
    assertThat(server.queries()).as("the next query goes without EDNS at once").singleElement()
        .satisfies(q -> assertThat(q.edns()).isFalse());
  }

  /** Records what the sender tells it; answers {@link #choice} for every server. */
  private static final class RecordingAdvisor implements TransportAdvisor {
    volatile Choice choice = Choice.DO53;
    final List<InetAddress> visits = new CopyOnWriteArrayList<>();
    final List<InetAddress> successes = new CopyOnWriteArrayList<>();
    final List<UpstreamException> failures = new CopyOnWriteArrayList<>();

    @Override
    public Choice transportFor(InetAddress server, Name zone, Name nsName) {
      return choice;
    }

    @Override
    public void visited(InetAddress server, Name zone, Name nsName) {
      visits.add(server);
    }

    @Override
    public void dotSucceeded(InetAddress server) {
      successes.add(server);
    }

    @Override
    public void dotFailed(InetAddress server, Name zone, UpstreamException failure) {
      failures.add(failure);
    }
  }
}
