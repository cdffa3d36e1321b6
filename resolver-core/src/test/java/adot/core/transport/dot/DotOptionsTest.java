package adot.core.transport.dot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DotOptionsTest {

  @Test
  void defaults_opportunisticOnPort853() {
    DotOptions options = DotOptions.defaults();

    assertThat(options.port()).isEqualTo(853);
    assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.maxIdlePerServer()).isEqualTo(2);
    assertThat(options.maxConnectionsTotal()).isEqualTo(1000);
    assertThat(options.maxInFlightPerConnection()).isEqualTo(100);
    assertThat(options.padding()).isTrue();
    assertThat(options.verifyCertificates()).isFalse();
  }

  @Test
  void constructor_nullDurations_meanDefaults() {
    DotOptions options = new DotOptions(8853, null, null, 1, 10, 10, false, false);

    assertThat(options.connectTimeout()).isEqualTo(DotOptions.DEFAULT_CONNECT_TIMEOUT);
    assertThat(options.idleTimeout()).isEqualTo(DotOptions.DEFAULT_IDLE_TIMEOUT);
  }

  @Test
  void constructor_outOfRangeValues_rejectedWithName() {
    DotOptions d = DotOptions.defaults();
    assertThatThrownBy(() -> d.withPort(0)).hasMessageContaining("port");
    assertThatThrownBy(() -> d.withPort(65536)).hasMessageContaining("port");
    assertThatThrownBy(() -> d.withConnectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> d.withIdleTimeout(Duration.ofSeconds(-1))).hasMessageContaining("idleTimeout");
    assertThatThrownBy(() -> d.withMaxIdlePerServer(-1)).hasMessageContaining("maxIdlePerServer");
    assertThatThrownBy(() -> d.withMaxConnectionsTotal(0)).hasMessageContaining("maxConnectionsTotal");
    assertThatThrownBy(() -> d.withMaxInFlightPerConnection(0)).hasMessageContaining("maxInFlightPerConnection");
    assertThat(d.withMaxIdlePerServer(0).maxIdlePerServer()).isZero();
  }
}
