package adot.server;

import adot.config.ConfigError;
import adot.config.ConfigLoader;
import adot.config.DaemonConfig;
import adot.testkit.Universe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configurations that point a daemon at a test universe, with free ports and files in a temp directory. */
final class TestDaemons {
  private TestDaemons() {}

  /** HOCON for a daemon on 127.0.0.1 (free port) resolving from {@code universe}; {@code extra} is appended. */
  static String config(Universe universe, Path dir, String extra) throws IOException {
    Path hints = Files.writeString(dir.resolve("root.hints"), universe.rootHints());
    return """
        incoming.listen = ["127.0.0.1:0"]
        recursor.root-hints-file = "%s"
        recursor.threads = 1
        outgoing.do53-port = %d
        outgoing.dot-port = %d
        outgoing.dont-query = []
        outgoing.network-timeout = 400ms
        control.socket = "%s"
        metrics.listen = "127.0.0.1:0"
        %s
        """.formatted(hints, universe.do53Port(), universe.dotPort(), dir.resolve("c.sock"), extra);
  }

  static DaemonConfig load(String hocon) throws ConfigError {
    return ConfigLoader.fromString(hocon);
  }
}
