package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's size bound ({@code max-entries}): which rows are evicted, and the background evictor's hard limit. */
class DotProbeTableSizeBoundTest extends ProbeTableFixture {
  @Test
  void visit_tableFull_evictsLeastRecentlyVisitedNonGoodRowFirst() {
    table = table(ProbeOptions.builder().maxEntries(3).build());
    makeGood(B); // oldest visit, but Good
    clock.advance(Duration.ofMinutes(1));
    table.visit(C, ZONE);
    clock.advance(Duration.ofMinutes(1));
    table.visit(A, ZONE);

    table.visit(D, ZONE);

    assertThat(table.snapshot()).extracting(DotProbeEntry::ip).containsExactly(A, B, D);
    assertThat(registry.get("adot.dot.probe.table.evictions").counter().count()).isEqualTo(1);
  }

  @Test
  void visit_tableFullOfGoodRows_evictsTheLeastRecentlyVisitedGood() {
    table = table(ProbeOptions.builder().maxEntries(2).build());
    makeGood(A);
    clock.advance(Duration.ofMinutes(1));
    makeGood(B);
    clock.advance(Duration.ofMinutes(1));
    table.dotSucceeded(A); // A is now the more recently used

    table.visit(C, ZONE);

    assertThat(table.snapshot()).extracting(DotProbeEntry::ip).containsExactly(A, C);
  }

  @Test
  void visit_tableFull_evictsExpiredRowsBeforeLiveOnes() {
    table = table(ProbeOptions.builder().maxEntries(2).visitWindow(Duration.ofHours(1)).build());
    table.dotFailed(A, ZONE, ProbeOutcome.TIMEOUT, "x"); // Bad for a day, visited first
    clock.advance(Duration.ofMinutes(1));
    table.visit(B, ZONE); // Unknown, window ends in an hour
    clock.advance(Duration.ofHours(2));

    table.visit(C, ZONE);

    assertThat(table.snapshot()).extracting(DotProbeEntry::ip).containsExactly(A, C);
  }

  @Test
  void visit_tableFullOfBusyRows_neverEvictsThem() {
    table = table(ProbeOptions.builder().maxEntries(2).visitsBeforeProbe(1).build());
    goBusy(A);
    goBusy(B);

    table.visit(C, ZONE);

    assertThat(table.get(A).status()).isEqualTo(DotStatus.BUSY);
    assertThat(table.get(B).status()).isEqualTo(DotStatus.BUSY);
    assertThat(table.busyCount()).isEqualTo(3);
  }

  @Test
  void visit_tableFullWithBackgroundEvictor_insertsNowEvictsLaterAndStopsAtTheHardLimit() {
    List<Runnable> evictions = new ArrayList<>();
    table =
        new DotProbeTable(
            ProbeOptions.builder().maxEntries(64).build(), clock, new ProbeMetrics(registry), evictions::add);
    for (int i = 0; i < 64; i++) {
      clock.advance(Duration.ofSeconds(1));
      table.visit(ip("198.51.100." + i), ZONE);
    }

    table.visit(ip("203.0.113.1"), ZONE);
    table.visit(ip("203.0.113.2"), ZONE);
    DotProbeTable.Visit overLimit = table.visit(ip("203.0.113.3"), ZONE);

    assertThat(evictions).as("one eviction queued, none run on the caller").hasSize(1);
    assertThat(table.size()).as("max-entries 64 + one batch of 2").isEqualTo(66);
    assertThat(table.get(ip("203.0.113.3"))).isNull();
    assertThat(overLimit.probeNow()).isFalse();
    assertThat(registry.get("adot.dot.probe.table.not.recorded").counter().count()).isEqualTo(1);

    evictions.get(0).run();

    assertThat(table.size()).isEqualTo(62);
    assertThat(table.snapshot())
        .extracting(r -> IpAddresses.format(r.ip()))
        .doesNotContain("198.51.100.0", "198.51.100.1", "198.51.100.2", "198.51.100.3")
        .contains("198.51.100.4", "203.0.113.1", "203.0.113.2");
    assertThat(table.visit(ip("203.0.113.3"), ZONE).row()).isEqualTo(table.get(ip("203.0.113.3")));
  }

  @Test
  void restore_overMaxEntries_keepsGoodRowsFirstThenTheMostRecentlyVisited() {
    table = table(ProbeOptions.builder().maxEntries(2).build());
    DotProbeEntry oldGood = saved(A, DotStatus.GOOD, Duration.ofHours(3));
    DotProbeEntry recentBad = saved(B, DotStatus.BAD, Duration.ofHours(1));
    DotProbeEntry olderUnknown = saved(C, DotStatus.UNKNOWN, Duration.ofHours(2));

    table.restore(List.of(recentBad, olderUnknown, oldGood));

    assertThat(table.snapshot()).containsExactly(oldGood, recentBad);
  }

  @Test
  void restore_loadedRows_countNoStatusChanges() {
    table.restore(List.of(saved(A, DotStatus.GOOD, Duration.ofHours(3)), saved(B, DotStatus.BAD, Duration.ofHours(1))));

    assertThat(table.count(DotStatus.GOOD)).isEqualTo(1);
    assertThat(table.count(DotStatus.BAD)).isEqualTo(1);
    assertThat(registry.find("adot.dot.status.changes").counters())
        .as("statuses set before the restart").allSatisfy(c -> assertThat(c.count()).isZero());
  }

  @Test
  void restore_rowsLastingBeyondTheirStatusFromNow_endWhenTheCurrentSettingsSay() {
    table = table(ProbeOptions.builder().persistence(Duration.ofHours(6)).damping(Duration.ofHours(2)).build());
    Instant now = clock.now();
    DotProbeEntry good = saved(A, DotStatus.GOOD, Duration.ofHours(1)).withTtd(now.plus(Duration.ofDays(3)));
    DotProbeEntry bad = saved(B, DotStatus.BAD, Duration.ofHours(1)).withTtd(now.plus(Duration.ofDays(3650)));
    DotProbeEntry shortGood = saved(C, DotStatus.GOOD, Duration.ofHours(1)).withTtd(now.plus(Duration.ofHours(1)));

    table.restore(List.of(good, bad, shortGood));

    assertThat(table.get(A).ttd()).as("persistence lowered since the save").isEqualTo(now.plus(Duration.ofHours(6)));
    assertThat(table.get(B).ttd()).as("a clock ten years ahead at the save").isEqualTo(now.plus(Duration.ofHours(2)));
    assertThat(table.get(C).ttd()).as("within the setting: kept").isEqualTo(now.plus(Duration.ofHours(1)));
  }

  @Test
  void restore_sameAddressTwice_keepsTheMostRecentlyVisitedRow() {
    DotProbeEntry older = saved(A, DotStatus.BAD, Duration.ofHours(2));
    DotProbeEntry newer = saved(A, DotStatus.GOOD, Duration.ofHours(1));

    table.restore(List.of(newer, older));

    assertThat(table.snapshot()).containsExactly(newer);
    assertThat(table.count(DotStatus.GOOD)).isEqualTo(1);
    assertThat(table.count(DotStatus.BAD)).isZero();
  }

  /** A row as a state file holds it: last visited {@code ago}, expiring in a day. */
  private DotProbeEntry saved(InetAddress ip, DotStatus status, Duration ago) {
    return new DotProbeEntry(ip, ZONE, 2, status, clock.now().minus(ago), clock.now().plus(Duration.ofDays(1)),
        status == DotStatus.GOOD ? ProbeOutcome.OK : ProbeOutcome.NONE, null, clock.now().minus(ago));
  }
}
