package adot.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the default universe as a standalone program (for pointing PowerDNS Recursor, Unbound or the adot resolver
 * at it by hand, and for benchmarks) until SIGTERM or Ctrl-C. Prints the root hints and the table of servers.
 *
 * <pre>
 * options: --do53-port N   (default 0 = a free port; 53 needs root)
 *          --dot-port N    (default 0 = a free port; 853 needs root)
 *          --address-base A.B.C.D  (default 127.53.0.0)
 *          --hints-file PATH       (write the root hints there)
 *          --generate-names N      (add zone bench.test. with N names host-0..host-(N-1), on DoT-capable ns1.bench.test.)
 * </pre>
 */
public final class UniverseMain {
    /** The zone added by {@code --generate-names}. */
    public static final String BENCH_ZONE = "bench.test.";

    /** Parsed command line. */
    record Options(int do53Port, int dotPort, String addressBase, Path hintsFile, int generateNames) {}

    private UniverseMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "adot/testkit/universe-logback.xml");
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(usage());
            return;
        }
        Universe universe;
        try {
            universe = start(options, System.out);
        } catch (RuntimeException | IOException e) {
            System.err.println("cannot start the universe: " + e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            universe.close();
            stopped.countDown();
        }, "universe-shutdown"));
        System.out.println("running; Ctrl-C or SIGTERM to stop");
        stopped.await();
    }

    /** Starts the universe described by {@code options} and prints its hints and servers to {@code out}. */
    static Universe start(Options o, PrintStream out) throws IOException {
        UniverseBuilder b = Universe.builder().defaultZones().addressBase(o.addressBase())
                .do53Port(o.do53Port()).dotPort(o.dotPort());
        if (o.generateNames() > 0) {
            b.generatedZone(BENCH_ZONE, o.generateNames(), true);
        }
        Universe u = b.start();
        try {
            out.println("Do53 port " + u.do53Port() + " (UDP+TCP), DoT port " + u.dotPort());
            out.println();
            out.print(u.rootHints());
            out.println();
            out.print(u.describe());
            if (o.hintsFile() != null) {
                Files.writeString(o.hintsFile(), u.rootHints(), StandardCharsets.US_ASCII);
                out.println("root hints written to " + o.hintsFile());
            }
            return u;
        } catch (IOException | RuntimeException e) {
            u.close();
            throw e;
        }
    }

    /** Parses the command line; null for {@code --help}. */
    static Options parse(String[] args) {
        int do53 = 0;
        int dot = 0;
        String base = UniverseBuilder.DEFAULT_ADDRESS_BASE;
        Path hints = null;
        int names = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--do53-port" -> do53 = number(a, v, 0, 65535);
                case "--dot-port" -> dot = number(a, v, 0, 65535);
                case "--address-base" -> base = v;
                case "--hints-file" -> hints = Path.of(v);
                case "--generate-names" -> names = number(a, v, 0, ZoneGenerator.MAX_NAMES);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new Options(do53, dot, base, hints, names);
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be in [" + min + ", " + max + "]: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number: " + value, e);
        }
    }

    static String usage() {
        return "usage: UniverseMain [--do53-port N] [--dot-port N] [--address-base A.B.C.D] [--hints-file PATH]"
                + " [--generate-names N]\n"
                + "  ports default to 0 (a free port); use 53/853 when running as root";
    }
}
