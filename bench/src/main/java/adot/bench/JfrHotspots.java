package adot.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples of a JFR recording (what {@code bench/run.sh} records with {@code PROFILE=1}): the
 * methods most often on top of the stack (self), the methods most often anywhere on it (total), and the most frequent
 * call paths into the {@code adot.} code, so a hot spot can be traced to the project method that causes it.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar adot.bench.JfrHotspots FILE.jfr [--top N] [--thread SUBSTRING]
 * </pre>
 *
 * <p>Only {@code jdk.ExecutionSample} events count (threads running Java code); time in system calls shows up as
 * {@code jdk.NativeMethodSample}, summarised separately by top frame.
 */
public final class JfrHotspots {
  private JfrHotspots() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrHotspots FILE.jfr [--top N] [--thread SUBSTRING]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int top = 25;
    String threadFilter = null;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--top" -> top = Integer.parseInt(args[i + 1]);
        case "--thread" -> threadFilter = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> adotPaths = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> nativeTop = new HashMap<>();
    int samples = 0;
    int nativeSamples = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        String type = event.getEventType().getName();
        boolean java = type.equals("jdk.ExecutionSample");
        if (!java && !type.equals("jdk.NativeMethodSample")) {
          continue;
        }
        RecordedThread thread = event.getThread("sampledThread");
        String threadName = thread == null ? "?" : thread.getJavaName();
        if (threadFilter != null && (threadName == null || !threadName.contains(threadFilter))) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        List<RecordedFrame> frames = stack.getFrames();
        if (!java) {
          nativeSamples++;
          nativeTop.merge(threadName + "  " + name(frames.get(0)), 1, Integer::sum);
          continue;
        }
        samples++;
        threads.merge(threadName, 1, Integer::sum);
        self.merge(name(frames.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
          String n = name(f);
          if (seen.add(n)) {
            total.merge(n, 1, Integer::sum);
          }
        }
        adotPaths.merge(adotPath(frames), 1, Integer::sum);
      }
    }
    System.out.printf("%s: %d Java samples, %d native samples%n", file, samples, nativeSamples);
    print("Java samples by thread", threads, samples, top);
    print("self (top frame)", self, samples, top);
    print("total (anywhere on the stack)", total, samples, top);
    print("call path: top frame <- first adot.* frames", adotPaths, samples, top);
    print("native samples (thread, top frame; includes idle waits)", nativeTop, nativeSamples, Math.min(top, 12));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  /** The top frame, then the first (up to) three {@code adot.} frames below it: who in the project caused it. */
  private static String adotPath(List<RecordedFrame> frames) {
    StringBuilder sb = new StringBuilder(shortName(frames.get(0)));
    int found = 0;
    for (int i = 1; i < frames.size() && found < 3; i++) {
      String n = name(frames.get(i));
      if (n.startsWith("adot.")) {
        sb.append(" <- ").append(shortName(frames.get(i))).append(':').append(frames.get(i).getLineNumber());
        found++;
      }
    }
    return sb.toString();
  }

  private static String shortName(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int all, int top) {
    System.out.println();
    System.out.println("== " + title);
    List<Map.Entry<String, Integer>> rows = new ArrayList<>(counts.entrySet());
    rows.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()));
    for (Map.Entry<String, Integer> e : rows.subList(0, Math.min(top, rows.size()))) {
      System.out.printf("%6d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / Math.max(1, all), e.getKey());
    }
  }
}
