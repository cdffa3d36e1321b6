package adot.server;

import static org.assertj.core.api.Assertions.assertThat;

import adot.probe.DotStatus;
import adot.testkit.AuthServer;
import adot.testkit.Fault;
import adot.testkit.QueryTransport;
import adot.testkit.Universe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DoT end to end in normal traffic: a Good server that stops serving DoT, goes silent or is far away, and servers under
 * {@code dot-to-auth-names}, queried over DoT only.
 */
class DotInTrafficTest extends OpportunisticDotFixture {
  @Test
  void goodServerThatStopsServingDot_nextQuestionAnsweredOverDo53AndRowTurnsBad() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("");
    AuthServer dot2 = universe.server("ns1.dot2.test");
    visitTwiceAndAwait(d, dot2, "dot2.test", DotStatus.GOOD);

    dot2.setFault(Fault.DOT_BROKEN_DNS);
    Message m = ask(d, "www.dot2.test.");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(status(d, dot2.address())).isEqualTo(DotStatus.BAD);
    assertThat(d.registry().get("adot.dot.fallbacks").counter().count()).isGreaterThanOrEqualTo(1);
    assertThat(dot2.queries()).anyMatch(q -> q.transport() == QueryTransport.UDP
        && q.qname().equals(Name.fromConstantString("www.dot2.test.")));
  }

  /** Makes dot2.test's server Good with a short DoT idle timeout, then waits until its pooled connection is closed. */
  private Daemon goodWithoutPooledConnection(AuthServer dot2) throws Exception {
    return goodWithoutPooledConnection(dot2, "");
  }

  private Daemon goodWithoutPooledConnection(AuthServer dot2, String extra) throws Exception {
    Daemon d = start("outgoing.dot.idle-timeout = 300ms\n" + extra);
    visitTwiceAndAwait(d, dot2, "dot2.test", DotStatus.GOOD);
    await(() -> dot2.dotConnections().stream().allMatch(c -> c.closed() != null), "the idle DoT connection closed");
    return d;
  }

  @Test
  void goodServerWhoseDotPortGoesSilent_questionAnsweredOverDo53AndRowTurnsBad() throws Exception {
    universe = Universe.startDefault();
    AuthServer dot2 = universe.server("ns1.dot2.test");
    Daemon d = goodWithoutPooledConnection(dot2);

    dot2.setFault(Fault.DOT_BLACK_HOLE); // new DoT connections: the handshake is never answered
    Message m = ask(d, "www.dot2.test.");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(status(d, dot2.address())).as("Do53 answered what DoT did not").isEqualTo(DotStatus.BAD);
  }

  @Test
  void distantGoodServer_firstQuestionOnANewConnectionIsAnsweredOverDotAndTheRowStaysGood() throws Exception {
    universe = Universe.startDefault();
    AuthServer dot2 = universe.server("ns1.dot2.test");
    Daemon d = goodWithoutPooledConnection(dot2, "outgoing.network-timeout = 1s");

    // Far away: a new connection's TCP and TLS round trips take 500 ms, then each reply 700 ms. Together more than the
    // network timeout, each within it.
    dot2.setHandshakeDelay(Duration.ofMillis(500));
    dot2.setDelay(Duration.ofMillis(700));
    dot2.clearLog();
    Message m = ask(d, "www.dot2.test.");

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(clientQueries(dot2)).as("answered over DoT, not resent over Do53").singleElement()
        .satisfies(q -> assertThat(q.transport()).isEqualTo(QueryTransport.DOT));
    assertThat(status(d, dot2.address())).isEqualTo(DotStatus.GOOD);
    assertThat(d.registry().get("adot.dot.fallbacks").counter().count()).isZero();
    // 0.7 × the earlier loopback RTTs (about 1 ms) + 0.3 × this reply's: under 300 ms only without the set-up
    assertThat(d.resolver().serverStats().smoothedRttMicros(dot2.address()))
        .as("the server's RTT does not count the connection set-up").isLessThan(300_000);
  }

  @Test
  void goodServerSilentOnEveryTransport_staysGoodAndGetsDotWhenBack() throws Exception {
    universe = Universe.startDefault();
    AuthServer dot2 = universe.server("ns1.dot2.test");
    Daemon d = goodWithoutPooledConnection(dot2);

    dot2.setFault(Fault.SILENT); // down altogether: neither its DoT handshake nor Do53 is answered
    ask(d, "www.dot2.test.");

    assertThat(status(d, dot2.address())).as("a server that is down is no DoT failure").isEqualTo(DotStatus.GOOD);
    dot2.clearFault();
    dot2.clearLog();
    assertThat(ask(d, "c.dot2.test.").getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(clientQueries(dot2)).singleElement()
        .satisfies(q -> assertThat(q.transport()).isEqualTo(QueryTransport.DOT));
  }

  @Test
  void dotToAuthNames_forcesDotWithoutProbing() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("outgoing.dot-to-auth-names = [\"dot2.test\"]\noutgoing.max-busy-dot-probes = 0");
    AuthServer dot2 = universe.server("ns1.dot2.test");

    assertThat(ask(d, "www.dot2.test.").getRcode()).isEqualTo(Rcode.NOERROR);

    assertThat(dot2.queries()).isNotEmpty().allSatisfy(q -> {
      assertThat(q.transport()).isEqualTo(QueryTransport.DOT);
      assertThat(q.qtype()).isNotEqualTo(Type.SOA);
    });
    assertThat(universe.server("ns1.dot1.test").queries()).isEmpty();
  }

  @Test
  void dotToAuthNames_serverWhoseDotFails_isNeverAskedInCleartext() throws Exception {
    universe = Universe.startDefault();
    Daemon d = start("outgoing.dot-to-auth-names = [\"dot2.test\"]\noutgoing.max-busy-dot-probes = 0");
    AuthServer dot2 = universe.server("ns1.dot2.test");
    dot2.setFault(Fault.DOT_BROKEN_DNS);

    Message m = ask(d, "www.dot2.test.");

    assertThat(m.getRcode()).as("its only server failed").isEqualTo(Rcode.SERVFAIL);
    assertThat(dot2.queries()).isNotEmpty()
        .allSatisfy(q -> assertThat(q.transport()).isEqualTo(QueryTransport.DOT));
    assertThat(d.registry().get("adot.dot.fallbacks").counter().count()).isZero();
  }
}
