package adot.probe;

import adot.core.iter.QueryFactory;
import adot.core.time.TimeSource;
import adot.core.transport.TransportAdvisor;
import adot.core.transport.Upstream;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe engine as one component with a lifecycle: owns the {@link DotProbeTable}, the {@link ProbeScheduler}, the
 * {@link ProbeTableStore} and one daemon maintenance thread (prune every {@code pruneInterval}, save every {@code
 * saveInterval}); hands the resolver its {@link TransportAdvisor}.
 *
 * <p>Use: {@code service = new DotProbeService(options, upstream, queries, clock, registry); service.start();} then
 * give {@link #advisor()} to the resolver; {@link #dumpText}/{@link #dumpJson} for the control socket; {@link #close()}
 * on shutdown (saves the table; call it before closing the {@link Upstream}).
 */
public final class DotProbeService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DotProbeService.class);

  private final ProbeOptions options;
  private final DotProbeTable table;
  private final ProbeScheduler scheduler;
  private final ProbeTableAdvisor advisor;
  private final ProbeTableStore store;
  private volatile ScheduledExecutorService maintenance;
  private boolean started;
  private boolean closed;

  /**
   * @param upstream the transport probes are sent through (DoT to port 853 unless configured otherwise)
   * @param queries builds the probe queries as the resolver builds its others (its EDNS payload size)
   * @param clock the resolver's clock (wall time for expiry)
   * @param registry where the probe metrics go
   */
  public DotProbeService(
      ProbeOptions options, Upstream upstream, QueryFactory queries, TimeSource clock, MeterRegistry registry) {
    this.options = Objects.requireNonNull(options, "options");
    ProbeMetrics metrics = new ProbeMetrics(registry);
    this.table = new DotProbeTable(options, clock, metrics, this::runOffQueryPath);
    this.scheduler =
        new ProbeScheduler(table, new DotProber(upstream, queries, options.timeout()), options.timeout(), metrics);
    this.advisor = new ProbeTableAdvisor(table, scheduler);
    this.store = options.stateFile() == null ? null : new ProbeTableStore(options.stateFile(), clock);
  }

  /** Loads the state file (if any) and starts the prune and save timers. Call once. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    if (store != null) {
      table.restore(store.load(options.visitWindow()));
      String unwritable = store.unwritableReason();
      if (unwritable != null) {
        log.warn("event=probe-state-unwritable file={} error=\"{}\" (the probe table will not survive a restart)",
            options.stateFile(), unwritable);
      }
    }
    maintenance =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "adot-dot-probe-maintenance");
              t.setDaemon(true);
              return t;
            });
    long prune = options.pruneInterval().toMillis();
    maintenance.scheduleWithFixedDelay(this::pruneQuietly, prune, prune, TimeUnit.MILLISECONDS);
    if (store != null) {
      long save = options.saveInterval().toMillis();
      maintenance.scheduleWithFixedDelay(this::saveQuietly, save, save, TimeUnit.MILLISECONDS);
    }
    log.info(
        "event=dot-probing state={} max-busy-dot-probes={} rows={} state-file={}",
        options.probingEnabled() ? "on" : "off",
        options.maxBusyDotProbes(),
        table.size(),
        store == null ? "none" : store.file());
  }

  /** The policy to give the resolver. */
  public TransportAdvisor advisor() {
    return advisor;
  }

  public DotProbeTable table() {
    return table;
  }

  /** {@code rec-control dump-dot-probe-map}, text form, ttd in the system time zone. */
  public String dumpText() {
    return dumpText(ZoneId.systemDefault());
  }

  /** {@code rec-control dump-dot-probe-map}, JSON form, ttd with the system time zone's offset. */
  public String dumpJson() {
    return dumpJson(ZoneId.systemDefault());
  }

  /** {@code rec-control dump-dot-probe-map}, text form, ttd in {@code zone}'s local time. */
  public String dumpText(ZoneId zone) {
    return ProbeMapDump.text(table.snapshot(), zone);
  }

  /** {@code rec-control dump-dot-probe-map}, JSON form. */
  public String dumpJson(ZoneId zone) {
    return ProbeMapDump.json(table.snapshot(), zone);
  }

  /**
   * Saves the table now (no-op without a state file).
   *
   * @throws IOException if it could not be written
   */
  public void save() throws IOException {
    if (store != null) {
      store.save(table.snapshot());
    }
  }

  /** Stops probing and the timers, then saves the table. Idempotent; never throws. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    table.stopProbing();
    scheduler.close();
    if (maintenance != null) {
      // shutdown(), not shutdownNow(): no further runs, but a save in progress is not interrupted half-way.
      maintenance.shutdown();
      try {
        maintenance.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (started) {
      saveQuietly();
    }
  }

  /** Runs table maintenance (eviction) on the maintenance thread; inline before start and after close. */
  private void runOffQueryPath(Runnable task) {
    ScheduledExecutorService m = maintenance;
    if (m == null || m.isShutdown()) {
      task.run();
    } else {
      m.execute(task); // a RejectedExecutionException (closing meanwhile) makes the table evict inline
    }
  }

  private void pruneQuietly() {
    try {
      int removed = table.prune();
      if (removed > 0) {
        log.debug("pruned {} expired DoT probe table rows", removed);
      }
    } catch (RuntimeException e) {
      log.warn("event=probe-prune-error", e); // keep the timer alive
    } catch (Error e) {
      // Thrown out of here, it would cancel the periodic prune without a word: say so, and try again next time.
      log.error("event=probe-prune-error", e);
    }
  }

  private void saveQuietly() {
    try {
      save();
    } catch (IOException | RuntimeException e) {
      log.warn("event=probe-save-error file={} error=\"{}\"", options.stateFile(), e.toString());
    } catch (Error e) {
      // Thrown out of here, it would cancel the periodic save without a word: say so, and try again next time.
      log.error("event=probe-save-error file={}", options.stateFile(), e);
    }
  }
}
