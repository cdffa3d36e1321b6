package adot.bench;

import adot.core.iter.QueryFactory;
import adot.core.time.TimeSource;
import adot.core.transport.TransportAdvisor;
import adot.core.transport.Upstream;
import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import adot.core.transport.UpstreamRequest;
import adot.probe.DotProbeEntry;
import adot.probe.DotProbeTable;
import adot.probe.DotProber;
import adot.probe.DotStatus;
import adot.probe.ProbeMetrics;
import adot.probe.ProbeOptions;
import adot.probe.ProbeOutcome;
import adot.probe.ProbeScheduler;
import adot.probe.ProbeTableAdvisor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Name;

/**
 * The probe engine's work on the query path, per outgoing query: {@link ProbeTableAdvisor#transportFor} (which
 * transport for this server) and {@link ProbeTableAdvisor#visited} (count the visit), on a table of 10,000 rows (a
 * third Good, a third Bad, a third Unknown) with probing on. Addresses cycle over 1,024 table rows and 1,024 absent ones
 * for {@code transportFor}; visits go to Good and Bad rows only, so no probe is started during the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProbeTableBenchmark {
  static final int ROWS = 10_000;

  private ProbeTableAdvisor advisor;
  private ProbeScheduler scheduler;
  private InetAddress[] lookups;
  private InetAddress[] settled;
  private Name zone;
  private Name nsName;
  private int next;

  @Setup
  public void setUp() throws Exception {
    Upstream refused =
        new Upstream() {
          @Override
          public CompletableFuture<UpstreamReply> send(UpstreamRequest r) {
            return CompletableFuture.failedFuture(
                new UpstreamException(UpstreamException.Kind.CONNECTION_REFUSED, "benchmark: no DoT"));
          }

          @Override
          public void close() {}
        };
    ProbeOptions options = ProbeOptions.defaults();
    ProbeMetrics metrics = new ProbeMetrics(new SimpleMeterRegistry());
    DotProbeTable table = new DotProbeTable(options, TimeSource.system(), metrics);
    zone = Name.fromConstantString("example.com.");
    nsName = Name.fromConstantString("ns1.example.com.");
    Instant now = Instant.now();
    List<DotProbeEntry> rows = new ArrayList<>(ROWS);
    List<InetAddress> good = new ArrayList<>();
    List<InetAddress> bad = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      InetAddress ip = address(10, i);
      DotStatus status;
      ProbeOutcome outcome = ProbeOutcome.NONE;
      switch (i % 3) {
        case 0 -> {
          status = DotStatus.GOOD;
          outcome = ProbeOutcome.OK;
          good.add(ip);
        }
        case 1 -> {
          status = DotStatus.BAD;
          outcome = ProbeOutcome.CONNECTION_REFUSED;
          bad.add(ip);
        }
        default -> status = DotStatus.UNKNOWN;
      }
      Instant ttd = now.plus(Duration.ofDays(1));
      rows.add(new DotProbeEntry(ip, zone, 1, status, now, ttd, outcome, null, now));
    }
    table.restore(rows);
    scheduler =
        new ProbeScheduler(table, new DotProber(refused, new QueryFactory(1232), options.timeout()), options.timeout(), metrics);
    advisor = new ProbeTableAdvisor(table, scheduler);
    lookups = new InetAddress[2048];
    for (int i = 0; i < 1024; i++) {
      lookups[2 * i] = address(10, (i * 7) % ROWS); // in the table (Good, Bad or Unknown)
      lookups[2 * i + 1] = address(11, i); // absent
    }
    settled = new InetAddress[1024];
    for (int i = 0; i < settled.length; i++) {
      settled[i] = (i % 2 == 0 ? good : bad).get(i % Math.min(good.size(), bad.size()));
    }
  }

  @TearDown
  public void tearDown() {
    scheduler.close();
  }

  @Benchmark
  public TransportAdvisor.Choice transportFor() {
    return advisor.transportFor(lookups[next++ & 2047], zone, nsName);
  }

  @Benchmark
  public void visitedKnownRow() {
    advisor.visited(settled[next++ & 1023], zone, null);
  }

  private static InetAddress address(int first, int i) throws Exception {
    return InetAddress.getByAddress(new byte[] {(byte) first, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
  }
}
