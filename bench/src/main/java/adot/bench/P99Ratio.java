package adot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How precisely the mixed runs of {@code bench/run.sh} measure the ratio of two p99 latencies (probing on ÷ off): the
 * ratio of the pooled p99s, and a 95 % interval for it from a two-level bootstrap that resamples the rounds (fresh
 * processes: what the JIT and the heap made of each) and, within each round drawn, its turns (the few seconds of load
 * whose p99 rests on a handful of stalls). The two modes' turns alternate (A B B A ...), so a turn index drawn picks
 * the on and the off turn of the same moment: what the machine did then costs both alike, as in the measurement. With
 * a handful of rounds the interval is approximate; one at or below 1.05 means the run can tell "not more than 5 %
 * slower".
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar adot.bench.P99Ratio ON.lat OFF.lat [--resamples N] [--seed S]
 * </pre>
 *
 * <p>Input: what {@code run.sh} pools per mode: {@code dnsperf -v} reply lines ({@code > RCODE NAME TYPE SECONDS},
 * timeouts {@code > T ...}, which are left out as in the p99 of the report), each turn closed by a line
 * {@code # turn ROUND}. Prints {@code RATIO LOW HIGH ROUNDS TURNS_A TURNS_B}, all over the rounds that both files hold. The resampled p99s come from histograms
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
    double ratio = a.exactP99(rounds) / b.exactP99(rounds);
    SplittableRandom random = new SplittableRandom(seed);
    double[] ratios = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      long[] ha = new long[BINS];
      long[] hb = new long[BINS];
      for (int k = 0; k < rounds.size(); k++) {
        String round = rounds.get(random.nextInt(rounds.size()));
        List<long[]> ta = a.rounds.get(round).turns;
        List<long[]> tb = b.rounds.get(round).turns;
        int n = Math.min(ta.size(), tb.size());
        for (int t = 0; t < n; t++) {
          int i = random.nextInt(n);
          add(ta.get(i), ha);
          add(tb.get(i), hb);
        }
      }
      ratios[r] = p99(ha) / p99(hb);
    }
    Arrays.sort(ratios);
    double low = ratios[(int) Math.floor(0.025 * (resamples - 1))];
    double high = ratios[(int) Math.ceil(0.975 * (resamples - 1))];
    System.out.printf(Locale.ROOT, "%.3f %.3f %.3f %d %d %d%n", ratio, low, high, rounds.size(), a.turnCount(rounds),
        b.turnCount(rounds));
  }

  private static void add(long[] turn, long[] into) {
    for (int i = 0; i < BINS; i++) {
      into[i] += turn[i];
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

  /** One round of one mode: a histogram per turn, and the count of each latency in whole microseconds. */
  private static final class Round {
    final List<long[]> turns = new ArrayList<>();
    final Map<Long, Long> micros = new HashMap<>();
  }

  /** One mode's replies, by round. */
  private static final class Pool {
    final Map<String, Round> rounds = new LinkedHashMap<>();

    static Pool read(Path file) throws IOException {
      Pool pool = new Pool();
      long[] turn = new long[BINS];
      Map<Long, Long> micros = new HashMap<>();
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("# turn ")) {
            if (!micros.isEmpty()) {
              Round round = pool.rounds.computeIfAbsent(line.substring(7).trim(), k -> new Round());
              round.turns.add(turn);
              micros.forEach((us, c) -> round.micros.merge(us, c, Long::sum));
            }
            turn = new long[BINS];
            micros = new HashMap<>();
          } else if (line.startsWith("> ") && !line.startsWith("> T ")) {
            double seconds = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            turn[bin(seconds)]++;
            micros.merge((long) (seconds * 1_000_000), 1L, Long::sum);
          }
        }
      }
      return pool;
    }

    /**
     * As run.sh's p99: the smallest latency (in whole microseconds) with at least 99 % of the replies of these rounds
     * at or below it.
     */
    double exactP99(List<String> which) {
      Map<Long, Long> counts = new HashMap<>();
      for (String r : which) {
        rounds.get(r).micros.forEach((us, c) -> counts.merge(us, c, Long::sum));
      }
      long total = counts.values().stream().mapToLong(Long::longValue).sum();
      long[] keys = counts.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
      double want = total * 0.99;
      long seen = 0;
      for (long us : keys) {
        seen += counts.get(us);
        if (seen >= want) {
          return us;
        }
      }
      return Double.NaN;
    }

    int turnCount(List<String> which) {
      return which.stream().mapToInt(r -> rounds.get(r).turns.size()).sum();
    }
  }
}
