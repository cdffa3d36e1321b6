package adot.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The control socket's file: stale, taken, not a socket, removed on stop, mode and group, parent directory. */
class ControlSocketFileTest extends ControlServerFixture {

  @Test
  void staleSocketFile_replaced() throws IOException {
    Path socket = dir.resolve("c.sock");
    try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      crashed.bind(UnixDomainSocketAddress.of(socket));
    } // closed without removing the file, as after a crash
    assertThat(socket).exists();

    ControlServer server = startDefault();

    assertThat(RawControlClient.exchange(server.socketPath(), "ping")).isEqualTo("OK\npong\n");
  }

  @Test
  void secondServerOnLiveSocket_refusesAndFirstKeepsServing() throws IOException {
    ControlServer first = startDefault();
    ControlServer second = new ControlServer(options(4096, Duration.ofSeconds(5), 16), CommandRegistry.withBuiltins("v"));
    servers.add(second);

    assertThatThrownBy(second::start)
        .isInstanceOf(ControlSocketInUseException.class)
        .hasMessageContaining(first.socketPath().toString())
        .hasMessageContaining("in use");
    assertThat(second.isRunning()).isFalse();
    assertThat(RawControlClient.exchange(first.socketPath(), "ping")).isEqualTo("OK\npong\n");
  }

  @Test
  void regularFileAtSocketPath_refusedAndKept() throws IOException {
    Path socket = dir.resolve("c.sock");
    Files.writeString(socket, "precious");
    ControlServer server = new ControlServer(options(4096, Duration.ofSeconds(5), 16), new CommandRegistry());
    servers.add(server);

    assertThatThrownBy(server::start).isInstanceOf(IOException.class).hasMessageContaining("is not a socket");
    assertThat(socket).hasContent("precious");
  }

  @Test
  void stop_removesSocketFile() throws IOException {
    ControlServer server = startDefault();
    assertThat(server.socketPath()).exists();

    server.stop();
    server.stop(); // idempotent

    assertThat(server.socketPath()).doesNotExist();
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void start_fileMode0660AndConfiguredGroup() throws IOException {
    Path probe = Files.writeString(dir.resolve("probe"), "");
    String myGroup = Files.readAttributes(probe, PosixFileAttributes.class).group().getName();
    ControlOptions options = new ControlOptions(dir.resolve("c.sock"), myGroup, 4096, Duration.ofSeconds(5), 16);

    ControlServer server = start(options, CommandRegistry.withBuiltins("v"));

    PosixFileAttributes attributes =
        Files.readAttributes(server.socketPath(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertThat(attributes.permissions()).isEqualTo(ControlSocketFile.MODE_0660);
    assertThat(attributes.group().getName()).isEqualTo(myGroup);
    assertThat(ControlSocketFile.isSocket(server.socketPath())).isTrue();
  }

  @Test
  void start_unknownGroup_failsAndLeavesNoSocket() {
    ControlOptions options =
        new ControlOptions(dir.resolve("c.sock"), "no-such-group-adot", 4096, Duration.ofSeconds(5), 16);
    ControlServer server = new ControlServer(options, CommandRegistry.withBuiltins("v"));
    servers.add(server);

    assertThatThrownBy(server::start).isInstanceOf(IOException.class)
        .hasMessageContaining("group 'no-such-group-adot' does not exist");
    assertThat(options.socket()).doesNotExist();
  }

  @Test
  void start_missingParentDirectory_created() throws IOException {
    ControlOptions options = options(4096, Duration.ofSeconds(5), 16).withSocket(dir.resolve("run/adot/c.sock"));

    ControlServer server = start(options, CommandRegistry.withBuiltins("v"));

    assertThat(RawControlClient.exchange(server.socketPath(), "ping")).isEqualTo("OK\npong\n");
  }
}
