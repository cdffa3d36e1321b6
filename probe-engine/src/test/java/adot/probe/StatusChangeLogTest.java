package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe table's log lines at the default level INFO: one line per change to Good or Bad, nothing per probe. */
class StatusChangeLogTest extends ProbeTableFixture {
  @Test
  void probeSucceeds_oneInfoLineWithAddressZoneAndStatus() {
    try (LogCapture logs = new LogCapture(DotProbeTable.class)) {
      makeGood(A);

      assertThat(logs.atInfoOrAbove()).singleElement().satisfies(line -> assertThat(line)
          .startsWith("INFO event=dot-status ip=192.0.2.1 zone=example.com. status=Good until="));
    }
  }

  @Test
  void probeFails_oneInfoLineWithTheReason() {
    try (LogCapture logs = new LogCapture(DotProbeTable.class)) {
      table.probeFinished(goBusy(A), ProbeResult.failed(ProbeOutcome.TIMEOUT, "no reply within 4000 ms"));

      assertThat(logs.atInfoOrAbove()).singleElement().satisfies(line -> assertThat(line)
          .startsWith("INFO event=dot-status ip=192.0.2.1 zone=example.com. status=Bad until=")
          .contains("no reply within 4000 ms"));
    }
  }

  @Test
  void visitsAndDotSuccesses_logNothingAtInfo() {
    makeGood(A);
    try (LogCapture logs = new LogCapture(DotProbeTable.class)) {
      for (int i = 0; i < 5; i++) {
        table.visit(B, ZONE);
        table.dotSucceeded(A);
        clock.advance(Duration.ofSeconds(1));
      }

      assertThat(logs.atInfoOrAbove()).isEmpty();
    }
  }
}
