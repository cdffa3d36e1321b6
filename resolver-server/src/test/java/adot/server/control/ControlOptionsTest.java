package adot.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlOptionsTest {

  @Test
  void defaults_documentedValues() {
    ControlOptions d = ControlOptions.defaults();

    assertThat(d.socket()).isEqualTo(Path.of("/run/adot-resolver/control.sock"));
    assertThat(d.group()).isNull();
    assertThat(d.maxRequestBytes()).isEqualTo(4096);
    assertThat(d.readTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.maxClients()).isEqualTo(16);
  }

  @Test
  void constructor_badValues_messageNamesSetting() {
    Path p = Path.of("/tmp/x.sock");
    assertThatThrownBy(() -> new ControlOptions(p, null, 4, Duration.ofSeconds(1), 1))
        .hasMessageContaining("max request bytes");
    assertThatThrownBy(() -> new ControlOptions(p, null, 4096, Duration.ZERO, 1)).hasMessageContaining("read timeout");
    assertThatThrownBy(() -> new ControlOptions(p, null, 4096, Duration.ofSeconds(1), 0))
        .hasMessageContaining("max clients");
    assertThatThrownBy(() -> new ControlOptions(p, " ", 4096, Duration.ofSeconds(1), 1)).hasMessageContaining("group");
  }
}
