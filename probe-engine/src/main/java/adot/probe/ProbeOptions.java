package adot.probe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * Settings of opportunistic DoT probing (RFC 9539). Immutable; every value is checked here, so a bad value fails at
 * start-up with a message naming the field. The config module maps the HOCON keys onto these fields:
 *
 * <table>
 *   <caption>HOCON keys</caption>
 *   <tr><th>field</th><th>key</th><th>default</th></tr>
 *   <tr><td>maxBusyDotProbes</td><td>outgoing.max-busy-dot-probes</td><td>50 (0 = probing off)</td></tr>
 *   <tr><td>visitsBeforeProbe</td><td>outgoing.dot-probe.visits-before-probe</td><td>2</td></tr>
 *   <tr><td>persistence</td><td>outgoing.dot-probe.persistence</td><td>3 days</td></tr>
 *   <tr><td>damping</td><td>outgoing.dot-probe.damping</td><td>1 day</td></tr>
 *   <tr><td>visitWindow</td><td>outgoing.dot-probe.visit-window</td><td>null: the damping window</td></tr>
 *   <tr><td>timeout</td><td>outgoing.dot-probe.timeout</td><td>4 s</td></tr>
 *   <tr><td>maxEntries</td><td>outgoing.dot-probe.max-entries</td><td>100000</td></tr>
 *   <tr><td>stateFile</td><td>outgoing.dot-probe.state-file</td><td>none</td></tr>
 *   <tr><td>saveInterval</td><td>outgoing.dot-probe.save-interval</td><td>10 min</td></tr>
 *   <tr><td>dotToAuthNames</td><td>outgoing.dot-to-auth-names</td><td>empty</td></tr>
 * </table>
 *
 * @param maxBusyDotProbes how many probes may be in flight at once (rows in status Busy); 0 turns probing and
 *     opportunistic DoT off (rows are still kept, so the dump shows what was visited)
 * @param visitsBeforeProbe how many Do53 visits within {@code visitWindow} start a probe (at least 1)
 * @param persistence how long a Good status lasts; each successful DoT exchange extends it (sliding)
 * @param damping how long a Bad status lasts before the server may be probed again
 * @param visitWindow visits older than this, counted from the first one, do not count toward a probe; {@code null}
 *     means {@code damping} (RFC 9539 counts visits within the damping window)
 * @param timeout how long one probe may take, connection and TLS handshake included
 * @param maxEntries the most rows the table holds (one per server IP)
 * @param stateFile where the table is saved and loaded from, or {@code null} to keep it in memory only
 * @param saveInterval how often the table is saved (it is also saved on stop)
 * @param pruneInterval how often expired rows are removed
 * @param dotToAuthNames name-server name suffixes whose servers are always queried over DoT, probe or not
 */
public record ProbeOptions(
    int maxBusyDotProbes,
    int visitsBeforeProbe,
    Duration persistence,
    Duration damping,
    Duration visitWindow,
    Duration timeout,
    int maxEntries,
    Path stateFile,
    Duration saveInterval,
    Duration pruneInterval,
    List<Name> dotToAuthNames) {

  public static final int DEFAULT_MAX_BUSY_DOT_PROBES = 50;
  public static final int DEFAULT_VISITS_BEFORE_PROBE = 2;
  public static final Duration DEFAULT_PERSISTENCE = Duration.ofDays(3);
  public static final Duration DEFAULT_DAMPING = Duration.ofDays(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(4);
  public static final int DEFAULT_MAX_ENTRIES = 100_000;
  public static final Duration DEFAULT_SAVE_INTERVAL = Duration.ofMinutes(10);
  public static final Duration DEFAULT_PRUNE_INTERVAL = Duration.ofSeconds(60);

  public ProbeOptions {
    if (maxBusyDotProbes < 0) {
      throw new IllegalArgumentException("maxBusyDotProbes must be 0 (off) or more, got " + maxBusyDotProbes);
    }
    if (visitsBeforeProbe < 1) {
      throw new IllegalArgumentException("visitsBeforeProbe must be at least 1, got " + visitsBeforeProbe);
    }
    positive("persistence", persistence);
    positive("damping", damping);
    if (visitWindow == null) {
      visitWindow = damping;
    }
    positive("visitWindow", visitWindow);
    positive("timeout", timeout);
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
    }
    positive("saveInterval", saveInterval);
    positive("pruneInterval", pruneInterval);
    Objects.requireNonNull(dotToAuthNames, "dotToAuthNames");
    for (Name n : dotToAuthNames) {
      if (n == null) {
        throw new IllegalArgumentException("dotToAuthNames must not contain null");
      }
      if (!n.isAbsolute()) {
        throw new IllegalArgumentException("dotToAuthNames entry '" + n + "' must be an absolute name");
      }
    }
    dotToAuthNames = List.copyOf(dotToAuthNames);
  }

  private static void positive(String field, Duration value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must be set");
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }

  /** The RFC 9539 defaults, probing on with up to 50 probes in flight, no state file. */
  public static ProbeOptions defaults() {
    return builder().build();
  }

  /** Whether probing (and so opportunistic DoT) is on. */
  public boolean probingEnabled() {
    return maxBusyDotProbes > 0;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxBusyDotProbes = maxBusyDotProbes;
    b.visitsBeforeProbe = visitsBeforeProbe;
    b.persistence = persistence;
    b.damping = damping;
    b.visitWindow = visitWindow;
    b.timeout = timeout;
    b.maxEntries = maxEntries;
    b.stateFile = stateFile;
    b.saveInterval = saveInterval;
    b.pruneInterval = pruneInterval;
    b.dotToAuthNames = dotToAuthNames;
    return b;
  }

  /** Builds {@link ProbeOptions}; unset fields keep their defaults, checks happen in {@link #build()}. */
  public static final class Builder {
    private int maxBusyDotProbes = DEFAULT_MAX_BUSY_DOT_PROBES;
    private int visitsBeforeProbe = DEFAULT_VISITS_BEFORE_PROBE;
    private Duration persistence = DEFAULT_PERSISTENCE;
    private Duration damping = DEFAULT_DAMPING;
    private Duration visitWindow; // null: damping
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private Path stateFile;
    private Duration saveInterval = DEFAULT_SAVE_INTERVAL;
    private Duration pruneInterval = DEFAULT_PRUNE_INTERVAL;
    private List<Name> dotToAuthNames = List.of();

    private Builder() {}

    public Builder maxBusyDotProbes(int value) {
      this.maxBusyDotProbes = value;
      return this;
    }

    public Builder visitsBeforeProbe(int value) {
      this.visitsBeforeProbe = value;
      return this;
    }

    public Builder persistence(Duration value) {
      this.persistence = value;
      return this;
    }

    public Builder damping(Duration value) {
      this.damping = value;
      return this;
    }

    public Builder visitWindow(Duration value) {
      this.visitWindow = value;
      return this;
    }

    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    public Builder maxEntries(int value) {
      this.maxEntries = value;
      return this;
    }

    /** {@code null} keeps the table in memory only. */
    public Builder stateFile(Path value) {
      this.stateFile = value;
      return this;
    }

    public Builder saveInterval(Duration value) {
      this.saveInterval = value;
      return this;
    }

    public Builder pruneInterval(Duration value) {
      this.pruneInterval = value;
      return this;
    }

    public Builder dotToAuthNames(List<Name> value) {
      this.dotToAuthNames = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first field whose value is not allowed
     */
    public ProbeOptions build() {
      return new ProbeOptions(
          maxBusyDotProbes,
          visitsBeforeProbe,
          persistence,
          damping,
          visitWindow,
          timeout,
          maxEntries,
          stateFile,
          saveInterval,
          pruneInterval,
          dotToAuthNames);
    }
  }
}
