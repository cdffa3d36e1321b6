package adot.server.control;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Control servers on a socket in a temporary directory, stopped after each test. */
abstract class ControlServerFixture {

  @TempDir
  Path dir;

  final List<ControlServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(ControlServer::stop);
  }

  ControlOptions options(int maxRequestBytes, Duration readTimeout, int maxClients) {
    return new ControlOptions(dir.resolve("c.sock"), null, maxRequestBytes, readTimeout, maxClients);
  }

  ControlServer start(ControlOptions options, CommandRegistry registry) throws IOException {
    ControlServer server = new ControlServer(options, registry, Duration.ofSeconds(2));
    servers.add(server);
    server.start();
    return server;
  }

  ControlServer startDefault() throws IOException {
    return start(options(4096, Duration.ofSeconds(5), 16), CommandRegistry.withBuiltins("adot-test 1.2.3"));
  }
}
