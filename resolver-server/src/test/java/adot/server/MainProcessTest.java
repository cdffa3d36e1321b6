package adot.server;

import static org.assertj.core.api.Assertions.assertThat;

import adot.testkit.Universe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The daemon as a separate process, the way an operator or systemd runs it: exit codes, messages, signals. */
class MainProcessTest {
  @TempDir Path dir;

  private static ProcessBuilder daemon(String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  private static String read(java.io.InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void badConfig_failsStartupWithOneLineAndExit2() throws Exception {
    Path conf = Files.writeString(dir.resolve("bad.conf"), "incoming.alow-from = [\"10.0.0.0/8\"]\n");
    Process p = daemon("--config", conf.toString()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = read(p.getErrorStream());

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.strip()).doesNotContain("\n").doesNotContain("Exception")
        .contains("bad.conf:1").contains("unknown key 'incoming.alow-from'").contains("incoming.allow-from");
  }

  @Test
  void checkConfig_printsEffectiveConfigAndExits0() throws Exception {
    Path conf = Files.writeString(dir.resolve("ok.conf"), "outgoing.do53-port = 5353\n");
    Process p = daemon("--check-config", "--config", conf.toString()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(0);
    assertThat(read(p.getInputStream())).contains("is valid").contains("do53-port=5353").contains("incoming {");
  }

  @Test
  void portInUse_failsWithAMessageThatSaysWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Path conf = Files.writeString(dir.resolve("taken.conf"), """
          incoming.listen = ["127.0.0.1:%d"]
          control.socket = "%s"
          metrics.listen = ""
          recursor.root-hints-file = "%s"
          """.formatted(taken.getLocalPort(), dir.resolve("c.sock"),
          Files.writeString(dir.resolve("hints"), ". 3600 NS a.root.test.\na.root.test. 3600 A 127.0.0.99\n")));
      Process p = daemon("--config", conf.toString()).start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String err = read(p.getErrorStream());
      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(err).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).contains("another process");
    }
  }

  @Test
  void sigterm_stopsCleanlyAndExits0() throws Exception {
    try (Universe universe = Universe.startDefault()) {
      Path conf = Files.writeString(dir.resolve("run.conf"), TestDaemons.config(universe, dir, ""));
      Process p = daemon("--config", conf.toString()).redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      String started = null;
      while ((line = out.readLine()) != null) {
        if (line.contains("event=started")) {
          started = line;
          break;
        }
      }
      assertThat(started).as("start-up line").isNotNull().contains("udp=").contains("config=");
      int port = Integer.parseInt(started.replaceAll(".*udp=\\[/127\\.0\\.0\\.1:(\\d+)\\].*", "$1"));
      SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      Message reply = r.send(Message.newQuery(
          Record.newRecord(Name.fromConstantString("www.example.com."), Type.A, DClass.IN)));
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);

      p.toHandle().destroy(); // SIGTERM, leaving the output stream open to read the last lines
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String rest = String.join("\n", out.lines().toList());
      assertThat(p.exitValue()).isEqualTo(0);
      assertThat(rest).contains("event=stopped");
      assertThat(dir.resolve("c.sock")).as("control socket removed").doesNotExist();
    }
  }
}
