package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import adot.core.time.FakeTimeSource;
import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class ProbeTableStoreTest {
  static final Name ZONE = Name.fromConstantString("example.com.");
  static final Duration WINDOW = Duration.ofHours(24);

  @TempDir Path dir;
  final FakeTimeSource clock = new FakeTimeSource(); // 2026-01-01T00:00:00Z

  Path file() {
    return dir.resolve("dot-probes.state");
  }

  ProbeTableStore store() {
    return new ProbeTableStore(file(), clock);
  }

  DotProbeEntry row(String ip, DotStatus status, Duration ttl, ProbeOutcome outcome, Long handshakeMs) {
    Instant now = clock.now();
    return new DotProbeEntry(
        IpAddresses.parse(ip),
        ZONE,
        4,
        status,
        now,
        now.plus(ttl),
        outcome,
        handshakeMs == null ? null : Duration.ofMillis(handshakeMs),
        now.minusSeconds(5));
  }

  List<String> dirListing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void save_thenLoad_roundTripsGoodBadAndUnknownRows() throws IOException {
    DotProbeEntry good = row("192.0.2.1", DotStatus.GOOD, Duration.ofDays(3), ProbeOutcome.OK, 35L);
    DotProbeEntry bad = row("2001:db8::1", DotStatus.BAD, Duration.ofDays(1), ProbeOutcome.TIMEOUT, null);
    DotProbeEntry unknown = row("192.0.2.2", DotStatus.UNKNOWN, WINDOW, ProbeOutcome.NONE, null);

    store().save(List.of(good, bad, unknown));
    List<DotProbeEntry> loaded = store().load(WINDOW);

    assertThat(loaded).containsExactlyInAnyOrder(good, bad, unknown);
  }

  @Test
  void load_tempFileOfASaveInterruptedByACrash_isDeletedAndOtherFilesStay() throws IOException {
    store().save(List.of(row("192.0.2.1", DotStatus.GOOD, Duration.ofDays(3), ProbeOutcome.OK, 35L)));
    Files.writeString(dir.resolve("dot-probes.state.8123456789012345678.tmp"), "adot-dot-probe-table 1\n192.0");
    Files.writeString(dir.resolve("dot-probes.state.notes.tmp"), "an operator's file");
    Files.writeString(dir.resolve("dot-probes.state.tmp"), "another");
    Files.writeString(dir.resolve("dot-probes.state..tmp"), "and another");

    assertThat(store().load(WINDOW)).hasSize(1);

    assertThat(dirListing()).containsExactly(
        "dot-probes.state", "dot-probes.state..tmp", "dot-probes.state.notes.tmp", "dot-probes.state.tmp");
  }

  @Test
  void save_writesTheDocumentedFormat() throws IOException {
    store().save(List.of(row("192.0.2.1", DotStatus.GOOD, Duration.ofDays(3), ProbeOutcome.OK, 35L)));

    assertThat(Files.readAllLines(file()))
        .containsExactly(
            "adot-dot-probe-table 1",
            "# ip\tzone\tcount\tstatus\tsince\tttd\toutcome\thandshake-ms\tlast-visit",
            "192.0.2.1\texample.com.\t4\tGood\t2026-01-01T00:00:00Z\t2026-01-04T00:00:00Z\tok\t35"
                + "\t2025-12-31T23:59:55Z");
  }

  @Test
  void load_busyRow_comesBackUnknownWithItsCountAndAFreshWindow() throws IOException {
    store().save(List.of(row("192.0.2.1", DotStatus.BUSY, Duration.ofSeconds(4), ProbeOutcome.NONE, null)));
    clock.advance(Duration.ofHours(1)); // the Busy row's deadline passed while we were down

    List<DotProbeEntry> loaded = store().load(WINDOW);

    assertThat(loaded).hasSize(1);
    assertThat(loaded.get(0).status()).isEqualTo(DotStatus.UNKNOWN);
    assertThat(loaded.get(0).count()).isEqualTo(4);
    assertThat(loaded.get(0).ttd()).isEqualTo(clock.now().plus(WINDOW));
  }

  @Test
  void load_dropsRowsThatExpiredWhileDown() throws IOException {
    store()
        .save(
            List.of(
                row("192.0.2.1", DotStatus.GOOD, Duration.ofDays(3), ProbeOutcome.OK, 35L),
                row("192.0.2.2", DotStatus.BAD, Duration.ofDays(1), ProbeOutcome.TIMEOUT, null)));
    clock.advance(Duration.ofDays(2));

    List<DotProbeEntry> loaded = store().load(WINDOW);

    assertThat(loaded).extracting(DotProbeEntry::status).containsExactly(DotStatus.GOOD);
  }

  @Test
  void load_missingFile_isAnEmptyTable() throws IOException {
    assertThat(store().load(WINDOW)).isEmpty();
    assertThat(dirListing()).isEmpty();
  }

  @Test
  void load_corruptFile_isMovedAsideAndGivesAnEmptyTable() throws IOException {
    Files.writeString(file(), "this is not a probe table\n");

    List<DotProbeEntry> loaded;
    try (LogCapture logs = new LogCapture(ProbeTableStore.class)) {
      loaded = store().load(WINDOW);
      assertThat(logs.messages(Level.WARN)).singleElement().satisfies(line -> assertThat(line)
          .startsWith("event=probe-state-corrupt file=" + file())
          .contains("moved-to=" + dir.resolve("dot-probes.state.corrupt-20260101T000000Z"))
          .contains("action=empty-table"));
    }

    assertThat(loaded).isEmpty();
    assertThat(dirListing()).containsExactly("dot-probes.state.corrupt-20260101T000000Z");
    assertThat(Files.readString(dir.resolve("dot-probes.state.corrupt-20260101T000000Z")))
        .isEqualTo("this is not a probe table\n");
  }

  @Test
  void load_corruptTwiceInOneSecond_keepsBothCopies() throws IOException {
    Files.writeString(file(), "first\n");
    store().load(WINDOW);
    Files.writeString(file(), "second\n");

    assertThat(store().load(WINDOW)).isEmpty();

    assertThat(dirListing()).containsExactlyInAnyOrder(
        "dot-probes.state.corrupt-20260101T000000Z", "dot-probes.state.corrupt-20260101T000000Z-2");
    assertThat(Files.readString(dir.resolve("dot-probes.state.corrupt-20260101T000000Z-2"))).isEqualTo("second\n");
  }

  @Test
  void load_badRow_movesTheWholeFileAside() throws IOException {
    store().save(List.of(row("192.0.2.1", DotStatus.GOOD, Duration.ofDays(3), ProbeOutcome.OK, 35L)));
    Files.writeString(
        file(),
        Files.readString(file()).replace("192.0.2.1", "www.example.com"),
        StandardCharsets.UTF_8);

    assertThat(store().load(WINDOW)).isEmpty();
    assertThat(dirListing()).containsExactly("dot-probes.state.corrupt-20260101T000000Z");
  }

  @Test
  void load_otherVersion_isMovedAside() throws IOException {
    Files.writeString(file(), "adot-dot-probe-table 2\n");

    assertThat(store().load(WINDOW)).isEmpty();
    assertThat(Files.exists(file())).isFalse();
  }

  @Test
  void load_invalidUtf8_isMovedAside() throws IOException {
    Files.write(file(), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});

    assertThat(store().load(WINDOW)).isEmpty();
    assertThat(dirListing()).containsExactly("dot-probes.state.corrupt-20260101T000000Z");
  }

  @Test
  void load_emptyFile_isMovedAside() throws IOException {
    Files.writeString(file(), "");

    assertThat(store().load(WINDOW)).isEmpty();
    assertThat(Files.exists(file())).isFalse();
  }

  @Test
  void save_leavesNoTemporaryFileAndReplacesThePreviousOne() throws IOException {
    store().save(List.of(row("192.0.2.1", DotStatus.GOOD, Duration.ofDays(3), ProbeOutcome.OK, 35L)));
    store().save(List.of(row("192.0.2.2", DotStatus.BAD, Duration.ofDays(1), ProbeOutcome.TIMEOUT, null)));

    assertThat(dirListing()).containsExactly("dot-probes.state");
    assertThat(store().load(WINDOW)).extracting(r -> IpAddresses.format(r.ip())).containsExactly("192.0.2.2");
  }

  @Test
  void save_createsMissingDirectories() throws IOException {
    Path nested = dir.resolve("a/b/state");
    new ProbeTableStore(nested, clock).save(List.of());

    assertThat(Files.readAllLines(nested)).first().isEqualTo(ProbeTableStore.HEADER);
  }

  @Test
  void save_whenTheRenameFails_throwsAndLeavesNoTemporaryFile() throws IOException {
    Files.createDirectories(file().resolve("occupied")); // a non-empty directory where the file should go

    assertThatThrownBy(() -> store().save(List.of())).isInstanceOf(IOException.class);
    assertThat(dirListing()).containsExactly("dot-probes.state");
    assertThat(Files.isDirectory(file().resolve("occupied"))).isTrue();
  }
}
