package adot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How precisely the mixed runs of {@code bench/run.sh} measure the ratio of two p99 latencies (probing on ÷ off): the
 * ratio of the pooled p99s, and a 95 % interval for it from a two-level bootstrap that resamples the rounds (fresh
 * processes: what the JIT and the heap made of each) and, within each round drawn, its turns (the few seconds of load
 * whose p99 rests on a handful of stalls). An interval inside 0.95–1.05 means the run can tell "within 5 %".
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar adot.bench.P99Ratio ON.lat OFF.lat [--resamples N] [--seed S]
 * </pre>
 *
 * <p>Input: what {@code run.sh} pools per mode: {@code dnsperf -v} reply lines ({@code > RCODE NAME TYPE SECONDS},
 * timeouts {@code > T ...}, which are left out as in the p99 of the report), each turn closed by a line
 * {@code # turn ROUND}. Prints {@code RATIO LOW HIGH ROUNDS TURNS_A TURNS_B}. The resampled p99s come from histograms
 * with bins 1 % wide, so the interval is good to about 1 %; the ratio itself is exact.
 */
public final class P99Ratio {
  /** Bin i holds latencies in [FLOOR * GROWTH^i, FLOOR * GROWTH^(i+1)). */
  private static final double FLOOR_SECONDS = 1e-6;
  private static final double GROWTH = 1.01;
  private static final int BINS = (int) Math.ceil(Math.log(100.0 / FLOOR_SECONDS) / Math.log(GROWTH)) + 1;

  private P99Ratio() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: P99Ratio ON.lat OFF.lat [--resamples N] [--seed S]");
      System.exit(2);
    }
    int resamples = 2000;
    long seed = 1;
    for (int i = 2; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--resamples" -> resamples = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Pool a = Pool.read(Path.of(args[0]));
    Pool b = Pool.read(Path.of(args[1]));
    List<String> rounds = new ArrayList<>(a.rounds.keySet());
    rounds.retainAll(b.rounds.keySet());
    if (rounds.isEmpty()) {
      System.out.println("nan nan nan 0 0 0");
      return;
    }
    double ratio = a.exactP99() / b.exactP99();
    SplittableRandom random = new SplittableRandom(seed);
    double[] ratios = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      long[] ha = new long[BINS];
      long[] hb = new long[BINS];
      for (int k = 0; k < rounds.size(); k++) {
        String round = rounds.get(random.nextInt(rounds.size()));
        addTurns(a.rounds.get(round), ha, random);
        addTurns(b.rounds.get(round), hb, random);
      }
      ratios[r] = p99(ha) / p99(hb);
    }
    java.util.Arrays.sort(ratios);
    double low = ratios[(int) Math.floor(0.025 * (resamples - 1))];
    double high = ratios[(int) Math.ceil(0.975 * (resamples - 1))];
    System.out.printf(Locale.ROOT, "%.3f %.3f %.3f %d %d %d%n", ratio, low, high, rounds.size(), a.turnCount(),
        b.turnCount());
  }

  private static void addTurns(List<long[]> turns, long[] into, SplittableRandom random) {
    for (int t = 0; t < turns.size(); t++) {
      long[] turn = turns.get(random.nextInt(turns.size()));
      for (int i = 0; i < BINS; i++) {
        into[i] += turn[i];
      }
    }
  }

  /** The p99 of a histogram: the geometric middle of the bin where 99 % of the count is reached. */
  static double p99(long[] histogram) {
    long total = 0;
    for (long c : histogram) {
      total += c;
    }
    double want = total * 0.99;
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= want) {
        return FLOOR_SECONDS * Math.pow(GROWTH, i + 0.5);
      }
    }
    return Double.NaN;
  }

  static int bin(double seconds) {
    if (seconds <= FLOOR_SECONDS) {
      return 0;
    }
    return Math.min(BINS - 1, (int) (Math.log(seconds / FLOOR_SECONDS) / Math.log(GROWTH)));
  }

  /** One mode's replies: per round, one histogram per turn; and every latency, for the exact p99. */
  private static final class Pool {
    final Map<String, List<long[]>> rounds = new LinkedHashMap<>();
    private final List<Double> all = new ArrayList<>();

    static Pool read(Path file) throws IOException {
      Pool pool = new Pool();
      long[] turn = new long[BINS];
      boolean any = false;
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("# turn ")) {
            if (any) {
              pool.rounds.computeIfAbsent(line.substring(7).trim(), k -> new ArrayList<>()).add(turn);
            }
            turn = new long[BINS];
            any = false;
          } else if (line.startsWith("> ") && !line.startsWith("> T ")) {
            double seconds = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            turn[bin(seconds)]++;
            pool.all.add(seconds);
            any = true;
          }
        }
      }
      return pool;
    }

    /** As run.sh's p99: the smallest latency (in whole microseconds) with at least 99 % of the replies at or below. */
    double exactP99() {
      long[] micros = all.stream().mapToLong(s -> (long) (s * 1_000_000)).sorted().toArray();
      return micros[(int) Math.ceil(micros.length * 0.99) - 1];
    }

    int turnCount() {
      return rounds.values().stream().mapToInt(List::size).sum();
    }
  }
}
