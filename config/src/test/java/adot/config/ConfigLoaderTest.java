package adot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("adot-resolver.conf"), text);
  }

  private String errorOf(String text) throws Exception {
    Path f = file(text);
    try {
      ConfigLoader.load(f);
    } catch (ConfigError e) {
      assertThat(e.getMessage()).doesNotContain("\n").as("one line");
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigError for: " + text);
  }

  @Test
  void load_emptyFileGivesDefaults() throws Exception {
    DaemonConfig c = ConfigLoader.load(file(""));

    assertThat(c.incoming().listen()).extracting(ListenAddress::toString).containsExactly("127.0.0.1:53");
    assertThat(c.resolver().maxQueriesPerQuestion()).isEqualTo(50);
    assertThat(c.resolver().networkTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.resolver().cache().maxTtl()).isEqualTo(Duration.ofDays(1));
    assertThat(c.resolver().rootHintsFile()).isNull();
    assertThat(c.incoming().threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.metrics().listen().toString()).isEqualTo("127.0.0.1:8082");
    assertThat(c.resolver().dontQuery().matches(java.net.InetAddress.getByName("192.168.1.1"))).isTrue();
  }

  @Test
  void load_visitWindowUnset_followsDamping() throws Exception {
    assertThat(ConfigLoader.load(file("")).probe().visitWindow()).isEqualTo(Duration.ofDays(1));
    assertThat(ConfigLoader.load(file("outgoing.dot-probe.damping = 2d")).probe().visitWindow())
        .isEqualTo(Duration.ofDays(2));
    assertThat(ConfigLoader.load(file("""
        outgoing.dot-probe.damping = 2d
        outgoing.dot-probe.visit-window = 6h
        """)).probe().visitWindow()).isEqualTo(Duration.ofHours(6));
    assertThat(errorOf("outgoing.dot-probe.visit-window = 0s")).contains("outgoing.dot-probe.visit-window");
  }

  @Test
  void load_readsEveryDocumentedKeySpelling() throws Exception {
    DaemonConfig c = ConfigLoader.load(file("""
        incoming.listen = ["127.0.0.1:5300", "[::1]:5300"]
        incoming.allow-from = ["10.0.0.0/8"]
        outgoing.dont-query = []
        outgoing.do53-port = 5353
        outgoing.dot-port = 8853
        recursor.threads = 3
        control.socket = "/tmp/x.sock"
        metrics.listen = ""
        """));

    assertThat(c.incoming().listen()).extracting(ListenAddress::toString)
        .containsExactly("127.0.0.1:5300", "[0:0:0:0:0:0:0:1]:5300");
    assertThat(c.incoming().allowFrom().networks()).hasSize(1);
    assertThat(c.resolver().dontQuery().isEmpty()).isTrue();
    assertThat(c.resolver().do53Port()).isEqualTo(5353);
    assertThat(c.incoming().threads()).isEqualTo(3);
    assertThat(c.control().socket()).isEqualTo(Path.of("/tmp/x.sock"));
    assertThat(c.metrics().listen()).as("empty string turns metrics off").isNull();
  }

  @Test
  void load_unknownKeySuggestsNearest() throws Exception {
    String msg = errorOf("incoming.alow-from = [\"10.0.0.0/8\"]\n");
    assertThat(msg).contains("adot-resolver.conf:1").contains("unknown key 'incoming.alow-from'")
        .contains("did you mean 'incoming.allow-from'?");
  }

  @Test
  void load_unknownKeyFarFromAnyGetsPointerToDocs() throws Exception {
    assertThat(errorOf("completely.different = 1")).contains("unknown key").contains("docs/configuration.md");
  }

  @Test
  void load_wrongTypeNamesKeyValueAndExpectation() throws Exception {
    String msg = errorOf("recursor.max-queries-per-question = lots\n");
    assertThat(msg).contains("adot-resolver.conf:1").contains("'recursor.max-queries-per-question'")
        .contains("'lots'").contains("expected a whole number");
  }

  @Test
  void load_badListenAddress() throws Exception {
    String msg = errorOf("incoming.listen = [\"localhost:53\"]");
    assertThat(msg).contains("'incoming.listen'").contains("'localhost:53'").contains("not an IP address");
    assertThat(errorOf("incoming.listen = [\"127.0.0.1\"]")).contains("expected \"ADDRESS:PORT\"");
    assertThat(errorOf("incoming.listen = [\"127.0.0.1:99999\"]")).contains("out of range");
    assertThat(errorOf("incoming.listen = []")).contains("at least one address");
  }

  @Test
  void load_badCidr() throws Exception {
    String msg = errorOf("incoming.allow-from = [\"10.0.0.0/33\"]");
    assertThat(msg).contains("'incoming.allow-from'").contains("'10.0.0.0/33'").contains("expected 0 to 32");
  }

  @Test
  void load_negativeSizeIsRejected() throws Exception {
    String msg = errorOf("cache.max-record-sets = -5");
    assertThat(msg).contains("'cache.max-record-sets'").contains("-5").contains("positive");
  }

  @Test
  void load_outOfRangeNumberIsRejected() throws Exception {
    assertThat(errorOf("outgoing.do53-port = 70000")).contains("from 1 to 65535");
  }

  @Test
  void load_badDuration() throws Exception {
    assertThat(errorOf("outgoing.network-timeout = soon")).contains("'outgoing.network-timeout'")
        .contains("a duration");
    assertThat(errorOf("outgoing.network-timeout = 0s")).contains("above 0");
  }

  @Test
  void load_durationBelowOneMillisecond_isRejected() throws Exception {
    assertThat(errorOf("outgoing.dot-probe.save-interval = 500us")).contains("'outgoing.dot-probe.save-interval'")
        .contains("500us").contains("at least 1ms");
  }

  @Test
  void load_badBoolean() throws Exception {
    assertThat(errorOf("recursor.qname-minimisation = maybe")).contains("true or false");
  }

  @Test
  void load_badLogLevel() throws Exception {
    assertThat(errorOf("logging.level = LOUD")).contains("'logging.level'").contains("DEBUG");
  }

  @Test
  void load_missingRootHintsFile() throws Exception {
    assertThat(errorOf("recursor.root-hints-file = \"/nonexistent/named.root\""))
        .contains("'recursor.root-hints-file'").contains("no readable file");
  }

  @Test
  void load_syntaxErrorIsOneLine() throws Exception {
    assertThat(errorOf("incoming { listen = [ \n")).contains("adot-resolver.conf");
  }

  @Test
  void load_missingFile() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.conf")))
        .isInstanceOf(ConfigError.class).hasMessageContaining("no such config file");
  }

  @Test
  void load_environmentSubstitution() throws Exception {
    DaemonConfig c = ConfigLoader.load(file("control.socket = ${?HOME}\"/adot.sock\""));
    assertThat(c.control().socket().toString()).endsWith("/adot.sock");
  }

  @Test
  void render_showsEffectiveConfig() throws Exception {
    String text = ConfigLoader.render(ConfigLoader.load(file("outgoing.do53-port = 5353")));
    assertThat(text).contains("incoming {").contains("do53-port=5353").contains("max-question-time");
  }
}
