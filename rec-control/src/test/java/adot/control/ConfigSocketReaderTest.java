package adot.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigSocketReaderTest {

  private static String find(String text) throws Exception {
    return ConfigSocketReader.find(text).orElse(null);
  }

  @Test
  void find_blockForm() throws Exception {
    assertThat(find("control {\n  socket = \"/run/a.sock\"\n}\n")).isEqualTo("/run/a.sock");
    assertThat(find("control { socket: /run/b.sock }")).isEqualTo("/run/b.sock");
    assertThat(find("control = { group = adot, socket = \"/run/c.sock\" }")).isEqualTo("/run/c.sock");
  }

  @Test
  void find_dottedForm() throws Exception {
    assertThat(find("control.socket = /run/adot-resolver/control.sock # the default\n"))
        .isEqualTo("/run/adot-resolver/control.sock");
    assertThat(find("control.socket: \"/tmp/x.sock\"")).isEqualTo("/tmp/x.sock");
  }

  @Test
  void find_otherKeysArraysCommentsAndRootBraces_skipped() throws Exception {
    String conf = """
        {
          # control.socket = "/commented/out"
          // control.socket = "/also/commented"
          listen = ["127.0.0.1:53", "[::1]:53"]
          server { control { socket = "/wrong/path" } }
          probe {
            max-busy-dot-probes = 100
            socket = "/not/this/one"
          }
          control {
            nested { socket = "/nor/this" }
            socket = "/run/right.sock" // trailing comment
          }
        }
        """;

    assertThat(find(conf)).isEqualTo("/run/right.sock");
  }

  @Test
  void find_lastAssignmentWins() throws Exception {
    assertThat(find("control { socket = \"/first\" }\ncontrol.socket = \"/second\"\n")).isEqualTo("/second");
  }

  @Test
  void find_quotedEscapesAndTripleQuotes() throws Exception {
    assertThat(find("control.socket = \"/run/odd\\\"name\\u0041.sock\"")).isEqualTo("/run/odd\"nameA.sock");
    assertThat(find("control.socket = \"\"\"/run/triple.sock\"\"\"")).isEqualTo("/run/triple.sock");
    assertThat(find("\"control\" { \"socket\" = \"/run/quoted-keys.sock\" }")).isEqualTo("/run/quoted-keys.sock");
  }

  @Test
  void find_quotedDottedKey_isOneKeyNotAPath() throws Exception {
    assertThat(find("\"control.socket\" = \"/not/a/path/key\"")).isNull();
  }

  @Test
  void find_absent_empty() throws Exception {
    assertThat(find("")).isNull();
    assertThat(find("control { group = adot }\ninclude \"other.conf\"\n")).isNull();
  }

  @Test
  void find_substitution_reportedAsUnsupported() {
    assertThatThrownBy(() -> find("control.socket = ${?ADOT_CONTROL_SOCKET}"))
        .isInstanceOf(ConfigSocketReader.UnsupportedValueException.class)
        .hasMessageContaining("--socket");
  }

  @Test
  void find_environmentVariable_resolvedLikeTheDaemonDoes() throws Exception {
    String home = System.getenv("HOME");
    org.junit.jupiter.api.Assumptions.assumeTrue(home != null, "HOME is set");
    assertThat(find("control { socket = ${HOME}\"/var/control.sock\" }")).isEqualTo(home + "/var/control.sock");
  }

  @Test
  void find_garbage_doesNotThrow() throws Exception {
    assertThat(find("}}} ]] = = :: \"unterminated\ncontrol.socket = /ok.sock\n{{{")).isEqualTo("/ok.sock");
    assertThat(find("{".repeat(10_000))).isNull();
  }
}
