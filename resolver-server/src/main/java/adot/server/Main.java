package adot.server;

import adot.config.ConfigError;
import adot.config.ConfigLoader;
import adot.config.DaemonConfig;
import adot.core.time.TimeSource;
import adot.server.control.ControlSocketInUseException;
import adot.server.control.VersionCommand;
import adot.server.dns.DnsListeners;
import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code adot-resolver [--config FILE] [--check-config]}: starts the daemon, or checks a configuration file.
 *
 * <p>Exit codes: 0 after a clean stop (SIGTERM, SIGINT or {@code rec-control quit-nicely}) or a valid
 * {@code --check-config}; 1 when start-up fails (a port that cannot be bound, a control socket in use); 2 for a bad
 * configuration or command line.
 */
@Command(name = "adot-resolver", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Recursive DNS resolver with opportunistic DNS-over-TLS to authoritative servers (RFC 9539).")
public final class Main implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", required = true,
      description = "Configuration file (HOCON); every setting and its default: docs/configuration.md.")
  Path configFile;

  @Option(names = "--check-config", description = "Print the effective configuration and exit: 0 if valid.")
  boolean checkOnly;

  private final PrintStream out;
  private final PrintStream err;

  Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    Main main = new Main(System.out, System.err);
    CommandLine cli = new CommandLine(main);
    cli.setParameterExceptionHandler((e, a) -> {
      main.err.println("adot-resolver: " + e.getMessage() + " (try --help)");
      return 2;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    DaemonConfig config;
    try {
      config = ConfigLoader.load(configFile);
    } catch (ConfigError e) {
      err.println("adot-resolver: config error: " + e.getMessage());
      return 2;
    }
    if (checkOnly) {
      out.println("# " + configFile + " is valid; effective configuration:");
      out.print(ConfigLoader.render(config));
      return 0;
    }
    setLogLevel(config.logging().level());
    Logger log = LoggerFactory.getLogger(Main.class);
    Daemon daemon;
    try {
      daemon = Daemon.start(config, TimeSource.system());
    } catch (DnsListeners.BindFailure | ControlSocketInUseException e) {
      err.println("adot-resolver: " + e.getMessage());
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("adot-resolver: start-up failed: " + e.getMessage());
      return 1;
    }
    log.info("event=started version={} config={} udp={} tcp={} control={} metrics={}",
        VersionCommand.versionOf(Main.class), configFile.toAbsolutePath(), daemon.udpAddresses(),
        daemon.tcpAddresses(), daemon.controlSocket(), daemon.metricsAddress() == null ? "off"
            : "http://" + config.metrics().listen() + "/metrics");
    StopSignals.install(daemon);
    daemon.awaitStop();
    return 0;
  }

  static void setLogLevel(String level) {
    org.slf4j.Logger root = LoggerFactory.getLogger("adot");
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(Level.toLevel(level, Level.INFO));
    }
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"adot-resolver " + VersionCommand.versionOf(Main.class)};
    }
  }
}
