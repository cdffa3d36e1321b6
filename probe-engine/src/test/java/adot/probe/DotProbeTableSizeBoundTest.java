package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
