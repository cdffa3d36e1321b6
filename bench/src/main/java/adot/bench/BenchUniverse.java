package adot.bench;

import adot.testkit.Universe;
import adot.testkit.UniverseBuilder;
import adot.testkit.ZoneGenerator;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.xbill.DNS.Name;
import org.xbill.DNS.Zone;

/**
 * The test universe of {@code bench/run.sh}: testkit's default universe plus three generated zones of equal size, two
 * served by plain-only servers ({@value #PLAIN_ZONE}, {@value #PLAIN2_ZONE}) and one by a DoT-capable server
 * ({@value #DOT_ZONE}), so that cold misses over Do53 and over DoT can be compared on the same shape of zone. Runs
 * until SIGTERM.
 *
 * <pre>
 * options: --do53-port N      (default 53)
 *          --dot-port N       (default 853)
 *          --hints-file PATH  (required: the root hints are written there)
 *          --names N          (names per generated zone, default 50000: host-0 .. host-(N-1))
 *          --external-auth DIR (the generated zones are not served here: their zone files are written to DIR and
 *                              test. delegates them to ns1.ZONE at {@value #EXTERNAL_BASE}1, 2, 3 (plain, plain2,
 *                              dot), where another authoritative server (NSD in bench/run.sh) serves them)
 * </pre>
 *
 * <p>Prints the server table, the external servers in the same form ({@code ns1.ZONE. ADDRESS external}), then
 * {@code READY} on standard output once every listener is bound, so a script can wait for that line.
 */
public final class BenchUniverse {
  /** The generated zone on a plain-only (Do53) server. */
  public static final String PLAIN_ZONE = "plain.bench.test.";
  /** A second generated zone on a plain-only server, for a second cold pass in the same resolver process. */
  public static final String PLAIN2_ZONE = "plain2.bench.test.";
  /** The generated zone on a DoT-capable server. */
  public static final String DOT_ZONE = "dot.bench.test.";

  /** The external servers' addresses are this prefix plus 1, 2, 3: outside the universe's own 127.53.0.0/24. */
  public static final String EXTERNAL_BASE = "127.53.1.";

  private BenchUniverse() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "adot/testkit/universe-logback.xml");
    }
    int do53Port = 53;
    int dotPort = 853;
    Path hints = null;
    int names = 50_000;
    Path external = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--do53-port" -> do53Port = Integer.parseInt(value);
        case "--dot-port" -> dotPort = Integer.parseInt(value);
        case "--hints-file" -> hints = Path.of(value);
        case "--names" -> names = Integer.parseInt(value);
        case "--external-auth" -> external = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (hints == null || names < 1 || names > ZoneGenerator.MAX_NAMES) {
      System.err.println(
          "usage: BenchUniverse --hints-file PATH [--do53-port N] [--dot-port N] [--names N] [--external-auth DIR]");
      System.exit(2);
    }
    UniverseBuilder builder =
        Universe.builder()
            .defaultZones()
            .do53Port(do53Port)
            .dotPort(dotPort)
            // The logs are for tests; keep them small so the universe's own memory stays flat under load.
            .queryLogCapacity(256);
    StringBuilder externalTable = new StringBuilder();
    if (external == null) {
      builder
          .generatedZone(PLAIN_ZONE, names, false)
          .generatedZone(PLAIN2_ZONE, names, false)
          .generatedZone(DOT_ZONE, names, true);
    } else {
      Files.createDirectories(external);
      int i = 0;
      for (String zone : new String[] {PLAIN_ZONE, PLAIN2_ZONE, DOT_ZONE}) {
        InetAddress address = InetAddress.getByName(EXTERNAL_BASE + (++i));
        Name origin = Name.fromString(zone);
        Name ns = Name.fromString("ns1." + zone);
        builder.externalDelegation(zone, ns.toString(), address);
        Zone generated = ZoneGenerator.generate(origin, names, ns, address);
        Files.writeString(external.resolve(zone + "zone"), generated.toMasterFile(), StandardCharsets.US_ASCII);
        externalTable.append(ns).append(' ').append(address.getHostAddress()).append(" external\n");
      }
    }
    Universe universe = builder.start();
    Files.writeString(hints, universe.rootHints(), StandardCharsets.US_ASCII);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  universe.close();
                  stopped.countDown();
                },
                "bench-universe-shutdown"));
    System.out.print(universe.describe());
    System.out.print(externalTable);
    System.out.println("READY do53=" + universe.do53Port() + " dot=" + universe.dotPort() + " names=" + names);
    System.out.flush();
    stopped.await();
  }
}
