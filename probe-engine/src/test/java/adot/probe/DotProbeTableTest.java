package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DotProbeTableTest extends ProbeTableFixture {
  @Test
  void visit_firstContact_createsUnknownRowWithCountOne() {
    Instant t0 = clock.now();
    DotProbeTable.Visit v = table.visit(A, ZONE);

    assertThat(v.probeNow()).isFalse();
    DotProbeEntry row = table.get(A);
    assertThat(row.status()).isEqualTo(DotStatus.UNKNOWN);
    assertThat(row.count()).isEqualTo(1);
    assertThat(row.zone()).isEqualTo(ZONE);
    assertThat(row.ttd()).isEqualTo(t0.plus(Duration.ofHours(24)));
    assertThat(row.outcome()).isEqualTo(ProbeOutcome.NONE);
    assertThat(row.lastVisit()).isEqualTo(t0);
    assertThat(table.busyCount()).isZero();
  }

  @Test
  void visit_secondContactWithinWindow_goesBusyAndRequestsProbe() {
    table.visit(A, ZONE);
    clock.advance(Duration.ofHours(23));
    Instant now = clock.now();

    DotProbeTable.Visit v = table.visit(A, OTHER_ZONE);

    assertThat(v.probeNow()).isTrue();
    assertThat(v.row().status()).isEqualTo(DotStatus.BUSY);
    assertThat(v.row().count()).isEqualTo(2);
    assertThat(v.row().zone()).as("the zone that first brought us").isEqualTo(ZONE);
    assertThat(v.row().since()).isEqualTo(now);
    assertThat(v.row().ttd()).isEqualTo(now.plus(ProbeOptions.DEFAULT_TIMEOUT));
    assertThat(table.busyCount()).isEqualTo(1);
  }

  @Test
  void visit_laterVisitsWhileBusy_countButRequestNoSecondProbe() {
    goBusy(A);

    DotProbeTable.Visit v = table.visit(A, ZONE);

    assertThat(v.probeNow()).isFalse();
    assertThat(v.row().count()).isEqualTo(3);
    assertThat(table.busyCount()).isEqualTo(1);
  }

  @Test
  void visit_threeVisitsConfigured_probesOnTheThird() {
    table = table(ProbeOptions.builder().visitsBeforeProbe(3).build());

    assertThat(table.visit(A, ZONE).probeNow()).isFalse();
    assertThat(table.visit(A, ZONE).probeNow()).isFalse();
    assertThat(table.visit(A, ZONE).probeNow()).isTrue();
  }

  @Test
  void visit_oneVisitConfigured_probesOnFirstContact() {
    table = table(ProbeOptions.builder().visitsBeforeProbe(1).build());

    DotProbeTable.Visit v = table.visit(A, ZONE);

    assertThat(v.probeNow()).isTrue();
    assertThat(v.row().count()).isEqualTo(1);
  }

  @Test
  void visit_afterVisitWindowExpired_restartsCountingAtOne() {
    table.visit(A, ZONE);
    clock.advance(Duration.ofHours(24));

    DotProbeTable.Visit v = table.visit(A, OTHER_ZONE);

    assertThat(v.probeNow()).isFalse();
    assertThat(v.row().status()).isEqualTo(DotStatus.UNKNOWN);
    assertThat(v.row().count()).isEqualTo(1);
    assertThat(v.row().zone()).isEqualTo(OTHER_ZONE);
    assertThat(table.visit(A, ZONE).probeNow()).as("second visit of the new window").isTrue();
  }

  @Test
  void probeFinished_success_isGoodForPersistenceThenExpires() {
    DotProbeEntry busy = goBusy(A);
    Instant done = clock.now();

    DotProbeEntry good = table.probeFinished(busy, ProbeResult.ok(Duration.ofMillis(35)));

    assertThat(good.status()).isEqualTo(DotStatus.GOOD);
    assertThat(good.ttd()).isEqualTo(done.plus(Duration.ofDays(3)));
    assertThat(good.outcome()).isEqualTo(ProbeOutcome.OK);
    assertThat(good.handshakeMillis()).isEqualTo(35);
    assertThat(table.busyCount()).isZero();

    clock.advance(Duration.ofDays(3).minusSeconds(1));
    assertThat(table.isGood(A)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(table.isGood(A)).isFalse();
    assertThat(table.get(A)).as("expired rows read as absent").isNull();

    DotProbeTable.Visit v = table.visit(A, ZONE);
    assertThat(v.row().status()).isEqualTo(DotStatus.UNKNOWN);
    assertThat(v.row().count()).isEqualTo(1);
  }

  @Test
  void dotSucceeded_onGood_slidesExpiryForward() {
    makeGood(A);
    clock.advance(Duration.ofDays(2));
    Instant exchange = clock.now();

    table.dotSucceeded(A);

    assertThat(table.get(A).ttd()).isEqualTo(exchange.plus(Duration.ofDays(3)));
    clock.advance(Duration.ofDays(2)); // 4 days after the probe: alive only thanks to the extension
    assertThat(table.isGood(A)).isTrue();
  }

  @Test
  void dotSucceeded_onUnknownOrAbsent_changesNothing() {
    table.visit(A, ZONE);
    DotProbeEntry before = table.get(A);

    table.dotSucceeded(A);
    table.dotSucceeded(B);

    assertThat(table.get(A)).isEqualTo(before);
    assertThat(table.get(B)).isNull();
  }

  @Test
  void probeFinished_failure_isBadForDampingThenProbedAgain() {
    DotProbeEntry busy = goBusy(A);
    Instant done = clock.now();

    DotProbeEntry bad = table.probeFinished(busy, ProbeResult.failed(ProbeOutcome.TIMEOUT, "no reply"));

    assertThat(bad.status()).isEqualTo(DotStatus.BAD);
    assertThat(bad.ttd()).isEqualTo(done.plus(Duration.ofDays(1)));
    assertThat(bad.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
    assertThat(bad.handshake()).isNull();
    assertThat(table.busyCount()).isZero();
    assertThat(table.visit(A, ZONE).probeNow()).as("no probe while Bad").isFalse();
    assertThat(table.get(A).status()).isEqualTo(DotStatus.BAD);

    clock.advance(Duration.ofDays(1));
    assertThat(table.visit(A, ZONE).probeNow()).isFalse();
    assertThat(table.visit(A, ZONE).probeNow()).as("probed again after damping").isTrue();
  }

  @Test
  void probeFinished_handshakeFailure_isBad() {
    DotProbeEntry busy = goBusy(A);

    table.probeFinished(busy, ProbeResult.failed(ProbeOutcome.HANDSHAKE_FAILED, "alert"));

    assertThat(table.get(A).status()).isEqualTo(DotStatus.BAD);
    assertThat(table.get(A).outcome()).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
  }

  @Test
  void probeFinished_notSent_returnsToUnknownAndCountsVisitsAgain() {
    DotProbeEntry busy = goBusy(A);

    DotProbeEntry after = table.probeFinished(busy, ProbeResult.failed(ProbeOutcome.NOT_SENT, "stopping"));

    assertThat(after.status()).isEqualTo(DotStatus.UNKNOWN);
    assertThat(table.busyCount()).isZero();
    assertThat(table.visit(A, ZONE).probeNow()).as("not on every query: visits start over").isFalse();
    assertThat(table.visit(A, ZONE).probeNow()).isTrue();
  }

  @Test
  void dotFailed_onGood_goesBadForDamping() {
    makeGood(A);
    clock.advance(Duration.ofHours(1));
    Instant failedAt = clock.now();

    table.dotFailed(A, ZONE, ProbeOutcome.HANDSHAKE_FAILED, "TLS_HANDSHAKE: alert");

    DotProbeEntry row = table.get(A);
    assertThat(row.status()).isEqualTo(DotStatus.BAD);
    assertThat(row.ttd()).isEqualTo(failedAt.plus(Duration.ofDays(1)));
    assertThat(row.outcome()).isEqualTo(ProbeOutcome.HANDSHAKE_FAILED);
    assertThat(table.isGood(A)).isFalse();
  }

  @Test
  void dotFailed_onBusy_leavesTheRowToItsProbe() {
    goBusy(A);

    table.dotFailed(A, ZONE, ProbeOutcome.TIMEOUT, "x");

    assertThat(table.get(A).status()).isEqualTo(DotStatus.BUSY);
    assertThat(table.busyCount()).isEqualTo(1);
  }

  @Test
  void dotFailed_onUnknownAddress_createsBadRow() {
    table.dotFailed(A, ZONE, ProbeOutcome.CONNECTION_REFUSED, "refused");

    DotProbeEntry row = table.get(A);
    assertThat(row.status()).isEqualTo(DotStatus.BAD);
    assertThat(row.count()).isZero();
    assertThat(row.outcome()).isEqualTo(ProbeOutcome.CONNECTION_REFUSED);
  }

  @Test
  void prune_removesOnlyExpiredRowsAndKeepsCountsRight() {
    table.visit(A, ZONE); // Unknown: expires after 24 h
    makeGood(B); // Good: 3 days
    table.dotFailed(C, ZONE, ProbeOutcome.TIMEOUT, "x"); // Bad: 1 day
    clock.advance(Duration.ofDays(1));

    int removed = table.prune();

    assertThat(removed).isEqualTo(2);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.snapshot()).extracting(DotProbeEntry::ip).containsExactly(B);
    assertThat(table.count(DotStatus.GOOD)).isEqualTo(1);
    assertThat(table.count(DotStatus.UNKNOWN)).isZero();
    assertThat(table.count(DotStatus.BAD)).isZero();
  }

  @Test
  void snapshot_ordersIpv4BeforeIpv6AndByNumericValue() {
    table.visit(ip("2001:db8::1"), ZONE);
    table.visit(ip("192.0.2.10"), ZONE);
    table.visit(ip("192.0.2.9"), ZONE);
    table.visit(ip("10.0.0.1"), ZONE);

    assertThat(table.snapshot())
        .extracting(r -> IpAddresses.format(r.ip()))
        .containsExactly("10.0.0.1", "192.0.2.9", "192.0.2.10", "2001:db8::1");
  }

  @Test
  void metrics_gaugesAndStatusChangesFollowTheTable() {
    DotProbeEntry busyA = goBusy(A);
    table.visit(B, ZONE);
    assertThat(registry.get("adot.dot.probes.busy").gauge().value()).isEqualTo(1);
    assertThat(registry.get("adot.dot.probe.table.entries").tag("status", "unknown").gauge().value()).isEqualTo(1);

    table.probeFinished(busyA, ProbeResult.ok(Duration.ofMillis(3)));
    table.dotFailed(A, ZONE, ProbeOutcome.TIMEOUT, "x");

    assertThat(registry.get("adot.dot.probes.busy").gauge().value()).isZero();
    assertThat(registry.get("adot.dot.status.changes").tag("from", "busy").tag("to", "good").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("adot.dot.status.changes").tag("from", "good").tag("to", "bad").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("adot.dot.probe.table.entries").tag("status", "bad").gauge().value()).isEqualTo(1);
  }

  @Test
  void metrics_gaugesOfANewTableInTheSameRegistryReadTheNewTable() {
    goBusy(A);
    table = table(ProbeOptions.defaults()); // same registry, as after an engine restart in one process

    assertThat(registry.get("adot.dot.probes.busy").gauge().value()).isZero();
    assertThat(registry.find("adot.dot.probes.busy").gauges()).hasSize(1);
  }
}
