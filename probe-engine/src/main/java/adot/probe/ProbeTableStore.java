package adot.probe;

import adot.core.time.TimeSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Saves the probe table to a text file and loads it back, so what was learned survives a restart (RFC 9539 suggests
 * keeping probing state across restarts; Hickory DNS saves its state every 10 minutes).
 *
 * <p>Format (UTF-8, one row per line, fields separated by one tab; documented in docs/probing.md):
 *
 * <pre>
 * adot-dot-probe-table 1
 * # ip  zone  count  status  since  ttd  outcome  handshake-ms  last-visit
 * 192.0.2.1  example.com.  5  Good  2026-01-01T00:00:00Z  2026-01-04T00:00:00Z  ok  31  2026-01-01T00:00:00Z
 * </pre>
 *
 * Times are UTC ISO-8601 instants, a missing handshake time is {@code -}, lines starting with {@code #} are comments.
 *
 * <p>Saving is atomic: a temporary file in the same directory is written, forced to disk, then renamed over the old
 * one; a crash leaves either the old or the new file, never half of one. Loading never throws: a missing file is an
 * empty table; an unreadable or corrupt one is moved aside ({@code <file>.corrupt-<UTC time>}) with a WARN line.
 */
public final class ProbeTableStore {
  private static final Logger log = LoggerFactory.getLogger(ProbeTableStore.class);

  /** The first line of a version-1 file. */
  static final String HEADER = "adot-dot-probe-table 1";

  private static final String COLUMNS = "# ip\tzone\tcount\tstatus\tsince\tttd\toutcome\thandshake-ms\tlast-visit";
  private static final DateTimeFormatter ASIDE_SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path file;
  private final TimeSource clock;

  public ProbeTableStore(Path file, TimeSource clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Path file() {
    return file;
  }

  /**
   * Reads the file. Rows that expired by now are dropped; a row saved Busy (its probe died with the process) comes
   * back Unknown with its count and a fresh visit window, so the next visit probes again. Never throws.
   *
   * @param visitWindow the visit window given to rows that come back Unknown
   */
  public List<DotProbeEntry> load(Duration visitWindow) {
    deleteLeftoverTempFiles();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      log.info("event=probe-state-missing file={} action=empty-table", file);
      return List.of();
    } catch (IOException | RuntimeException e) {
      moveAside("cannot be read (" + e + ")");
      return List.of();
    }
    try {
      List<DotProbeEntry> rows = parse(lines, clock.now(), visitWindow);
      log.info("event=probe-state-loaded rows={} file={}", rows.size(), file);
      return rows;
    } catch (IllegalArgumentException e) {
      moveAside("is corrupt (" + e.getMessage() + ")");
      return List.of();
    }
  }

  /**
   * Why the file cannot be saved where it is configured (its directory cannot be created or written), or {@code null}
   * when it looks fine: checked at start, so that the operator hears of it then and not at the first save.
   */
  public String unwritableReason() {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return file + " names no file in a directory";
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      return "cannot create directory " + dir + ": " + e;
    }
    return Files.isWritable(dir) ? null : "directory " + dir + " is not writable";
  }

  /**
   * Writes {@code rows} atomically (temporary file, force, rename).
   *
   * @throws IOException if the file could not be written; the previous file is then left as it was
   */
  public synchronized void save(List<DotProbeEntry> rows) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(format(rows).getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup); // the write's error is the one to report
      }
      throw e;
    }
    syncDirectory(dir);
  }

  static String format(List<DotProbeEntry> rows) {
    List<DotProbeEntry> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(DotProbeEntry::ip, IpAddresses.ORDER));
    StringBuilder out = new StringBuilder(64 + sorted.size() * 120);
    out.append(HEADER).append('\n').append(COLUMNS).append('\n');
    for (DotProbeEntry r : sorted) {
      out.append(IpAddresses.format(r.ip()))
          .append('\t')
          .append(r.zone())
          .append('\t')
          .append(r.count())
          .append('\t')
          .append(r.status().displayName())
          .append('\t')
          .append(r.since())
          .append('\t')
          .append(r.ttd())
          .append('\t')
          .append(r.outcome().label())
          .append('\t')
          .append(r.handshake() == null ? "-" : Long.toString(r.handshakeMillis()))
          .append('\t')
          .append(r.lastVisit())
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Parses a whole file.
   *
   * @throws IllegalArgumentException naming the first bad line
   */
  static List<DotProbeEntry> parse(List<String> lines, Instant now, Duration visitWindow) {
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      String first = lines.isEmpty() ? "empty file" : "first line '" + abbreviate(lines.get(0)) + "'";
      throw new IllegalArgumentException(first + ", expected '" + HEADER + "'");
    }
    List<DotProbeEntry> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      DotProbeEntry row;
      try {
        row = parseRow(line);
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
      if (row.status() == DotStatus.BUSY) {
        row = row.withStatus(DotStatus.UNKNOWN, now, now.plus(visitWindow));
      }
      if (now.isBefore(row.ttd())) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static DotProbeEntry parseRow(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 9) {
      throw new IllegalArgumentException("expected 9 tab-separated fields, got " + f.length);
    }
    Name zone;
    try {
      zone = Name.fromString(f[1]);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad zone '" + abbreviate(f[1]) + "': " + e.getMessage());
    }
    if (!zone.isAbsolute()) {
      throw new IllegalArgumentException("zone '" + abbreviate(f[1]) + "' must end with a dot");
    }
    long count;
    long handshakeMs = -1;
    try {
      count = Long.parseLong(f[2]);
      if (!f[7].equals("-")) {
        handshakeMs = Long.parseLong(f[7]);
        if (handshakeMs < 0) {
          throw new IllegalArgumentException("negative handshake time " + handshakeMs);
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number: " + e.getMessage());
    }
    return new DotProbeEntry(
        IpAddresses.parse(f[0]),
        zone,
        count,
        DotStatus.fromDisplayName(f[3]),
        Instant.parse(f[4]),
        Instant.parse(f[5]),
        ProbeOutcome.fromLabel(f[6]),
        handshakeMs < 0 ? null : Duration.ofMillis(handshakeMs),
        Instant.parse(f[8]));
  }

  private void moveAside(String why) {
    String stem = file.getFileName() + ".corrupt-" + ASIDE_SUFFIX.format(clock.now());
    Path aside = file.resolveSibling(stem);
    for (int n = 2; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); n++) {
      aside = file.resolveSibling(stem + "-" + n); // set aside twice within a second: keep both
    }
    try {
      Files.move(file, aside);
      log.warn("event=probe-state-corrupt file={} problem=\"{}\" moved-to={} action=empty-table", file, why, aside);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "event=probe-state-corrupt file={} problem=\"{}\" move-error=\"{}\" action=empty-table",
          file,
          why,
          e.toString());
    }
  }

  /**
   * Deletes temporary files of saves that a crash interrupted before their rename ({@code <file>.<digits>.tmp}), so
   * they do not pile up one per crash. Run on load, before this process saves anything; best effort.
   */
  private void deleteLeftoverTempFiles() {
    Path dir = file.toAbsolutePath().getParent();
    String prefix = file.getFileName() + ".";
    try (var entries = Files.newDirectoryStream(dir, path -> {
      String name = path.getFileName().toString();
      return name.length() > prefix.length() + 4 && name.startsWith(prefix) && name.endsWith(".tmp")
          && name.substring(prefix.length(), name.length() - 4).chars().allMatch(Character::isDigit);
    })) {
      for (Path leftover : entries) {
        Files.deleteIfExists(leftover);
        log.info("event=probe-state-temp-deleted file={} (left by an interrupted save)", leftover);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("could not look for leftover temporary files in {}: {}", dir, e.toString());
    }
  }

  /** Makes the rename itself durable; best effort (not every platform can open a directory). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      log.debug("could not fsync directory {}: {}", dir, e.toString());
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
