package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link DotProbeTable}'s probe slots ({@code max-busy-dot-probes}): when a row may go Busy, and when its slot comes
 * back.
 */
class DotProbeTableBusySlotsTest extends ProbeTableFixture {
  @Test
  void visit_noFreeSlot_staysUnknownAndGoesBusyOnceASlotFrees() {
    table = table(ProbeOptions.builder().maxBusyDotProbes(1).build());
    DotProbeEntry busyA = goBusy(A);

    table.visit(B, ZONE);
    DotProbeTable.Visit full = table.visit(B, ZONE);
    DotProbeTable.Visit stillFull = table.visit(B, ZONE);

    assertThat(full.probeNow()).isFalse();
    assertThat(stillFull.probeNow()).isFalse();
    assertThat(stillFull.row().status()).isEqualTo(DotStatus.UNKNOWN);
    assertThat(stillFull.row().count()).as("visits are recorded while full").isEqualTo(3);
    assertThat(table.busyCount()).isEqualTo(1);

    table.probeFinished(busyA, ProbeResult.ok(Duration.ofMillis(10)));
    DotProbeTable.Visit freed = table.visit(B, ZONE);

    assertThat(freed.probeNow()).isTrue();
    assertThat(freed.row().status()).isEqualTo(DotStatus.BUSY);
    assertThat(table.busyCount()).isEqualTo(1);
  }

  @Test
  void visit_probingOff_keepsRowsButNeverGoesBusy() {
    table = table(ProbeOptions.builder().maxBusyDotProbes(0).build());

    DotProbeTable.Visit v = null;
    for (int i = 0; i < 10; i++) {
      v = table.visit(A, ZONE);
      assertThat(v.probeNow()).isFalse();
    }

    assertThat(v.row().status()).isEqualTo(DotStatus.UNKNOWN);
    assertThat(v.row().count()).isEqualTo(10);
    assertThat(table.snapshot()).extracting(DotProbeEntry::ip).containsExactly(A);
    assertThat(table.busyCount()).isZero();
  }

  @Test
  void visit_afterStopProbing_neverGoesBusy() {
    table.visit(A, ZONE);
    table.stopProbing();

    assertThat(table.visit(A, ZONE).probeNow()).isFalse();
    assertThat(table.get(A).status()).isEqualTo(DotStatus.UNKNOWN);
  }

  @Test
  void probeFinished_forARowThatWasReplaced_isIgnored() {
    DotProbeEntry busy = goBusy(A);
    clock.advance(ProbeOptions.DEFAULT_TIMEOUT.plus(DotProbeTable.BUSY_GRACE));
    table.visit(A, ZONE); // the lost probe's row expired: a fresh Unknown row replaces it, releasing the slot
    assertThat(table.busyCount()).isZero();

    DotProbeEntry after = table.probeFinished(busy, ProbeResult.ok(Duration.ofMillis(5)));

    assertThat(after).isNull();
    assertThat(table.get(A).status()).isEqualTo(DotStatus.UNKNOWN);
    assertThat(table.busyCount()).isZero();
  }

  @Test
  void visit_expiredBusyRowWithOneVisitBeforeProbe_newProbeTakesItsOwnSlotAndTheOldOneIsReleased() {
    table = table(ProbeOptions.builder().maxBusyDotProbes(2).visitsBeforeProbe(1).build());
    goBusy(A);
    clock.advance(ProbeOptions.DEFAULT_TIMEOUT.plus(DotProbeTable.BUSY_GRACE)); // its completion was lost

    DotProbeTable.Visit again = table.visit(A, ZONE);
    assertThat(again.probeNow()).as("the first visit of the new row reaches the threshold of 1").isTrue();
    assertThat(table.busyCount()).isEqualTo(1);
    table.probeFinished(again.row(), ProbeResult.ok(Duration.ofMillis(5)));

    assertThat(table.busyCount()).as("no slot held by the expired row").isZero();
    assertThat(table.count(DotStatus.BUSY)).isZero();
  }

  @Test
  void prune_wallClockSteppedForwardWhileAProbeRuns_keepsItsRowBusyAndItsSlotTaken() {
    table = table(ProbeOptions.builder().maxBusyDotProbes(1).build());
    DotProbeEntry running = goBusy(A);

    clock.stepWallClock(Duration.ofHours(1)); // NTP or a resumed VM; the probe's own timer has not fired
    table.prune();
    table.visit(B, ZONE);
    DotProbeTable.Visit b = table.visit(B, ZONE);

    assertThat(b.probeNow()).as("the one slot is still A's").isFalse();
    assertThat(table.busyCount()).isEqualTo(1);
    assertThat(table.get(A).status()).isEqualTo(DotStatus.BUSY);
    table.probeFinished(running, ProbeResult.ok(Duration.ofMillis(5)));
    assertThat(table.visit(B, ZONE).probeNow()).as("free once A's probe finished").isTrue();
  }

  @Test
  void prune_busyRowPastItsDeadlineAndGrace_releasesTheSlot() {
    goBusy(A);
    clock.advance(ProbeOptions.DEFAULT_TIMEOUT);
    assertThat(table.prune()).as("within the grace period").isZero();
    clock.advance(DotProbeTable.BUSY_GRACE);

    assertThat(table.prune()).isEqualTo(1);
    assertThat(table.busyCount()).isZero();
  }

  @Test
  void visit_fromManyThreads_neverTakesMoreSlotsThanTheBound() throws Exception {
    table = table(ProbeOptions.builder().maxBusyDotProbes(5).build());
    List<InetAddress> pool = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      pool.add(ip("198.51.100." + i));
    }
    AtomicInteger probesRequested = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 2_000; i++) {
                  InetAddress ip = pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
                  if (table.visit(ip, ZONE).probeNow()) {
                    probesRequested.incrementAndGet();
                  }
                }
              });
      th.start();
      threads.add(th);
    }
    go.countDown();
    for (Thread th : threads) {
      th.join(10_000);
    }

    assertThat(probesRequested.get()).isEqualTo(5);
    assertThat(table.busyCount()).isEqualTo(5);
    assertThat(table.count(DotStatus.BUSY)).isEqualTo(5);
    long total = 0;
    for (DotStatus s : DotStatus.values()) {
      total += table.count(s);
    }
    assertThat(total).isEqualTo(table.size()).isEqualTo(50);
    assertThat(table.snapshot().stream().mapToLong(DotProbeEntry::count).sum()).isEqualTo(8_000);
  }
}
