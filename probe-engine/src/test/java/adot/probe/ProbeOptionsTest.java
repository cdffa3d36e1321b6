package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ProbeOptionsTest {

  @Test
  void defaults_areThoseOfRfc9539AndTheBrief() {
    ProbeOptions o = ProbeOptions.defaults();

    assertThat(o.maxBusyDotProbes()).isEqualTo(50);
    assertThat(o.probingEnabled()).isTrue();
    assertThat(o.visitsBeforeProbe()).isEqualTo(2);
    assertThat(o.persistence()).isEqualTo(Duration.ofDays(3));
    assertThat(o.damping()).isEqualTo(Duration.ofDays(1));
    assertThat(o.visitWindow()).isEqualTo(Duration.ofDays(1));
    assertThat(ProbeOptions.builder().damping(Duration.ofDays(2)).build().visitWindow())
        .as("unset, the visit window is the damping window").isEqualTo(Duration.ofDays(2));
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(o.maxEntries()).isEqualTo(100_000);
    assertThat(o.stateFile()).isNull();
    assertThat(o.saveInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(o.pruneInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.dotToAuthNames()).isEmpty();
  }

  @Test
  void maxBusyDotProbesZero_turnsProbingOff() {
    assertThat(ProbeOptions.builder().maxBusyDotProbes(0).build().probingEnabled()).isFalse();
  }

  @Test
  void constructor_badValues_nameTheField() {
    assertThatThrownBy(() -> ProbeOptions.builder().maxBusyDotProbes(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBusyDotProbes");
    assertThatThrownBy(() -> ProbeOptions.builder().visitsBeforeProbe(0).build())
        .hasMessageContaining("visitsBeforeProbe");
    assertThatThrownBy(() -> ProbeOptions.builder().persistence(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("persistence")
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> ProbeOptions.builder().damping(Duration.ZERO).build()).hasMessageContaining("damping");
    assertThatThrownBy(() -> ProbeOptions.builder().visitWindow(Duration.ZERO).build())
        .hasMessageContaining("visitWindow");
    assertThatThrownBy(() -> ProbeOptions.builder().timeout(Duration.ofMillis(-5)).build())
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> ProbeOptions.builder().maxEntries(0).build()).hasMessageContaining("maxEntries");
    assertThatThrownBy(() -> ProbeOptions.builder().saveInterval(Duration.ZERO).build())
        .hasMessageContaining("saveInterval");
    assertThatThrownBy(() -> ProbeOptions.builder().pruneInterval(Duration.ZERO).build())
        .hasMessageContaining("pruneInterval");
    assertThatThrownBy(
            () -> ProbeOptions.builder().dotToAuthNames(List.of(Name.fromConstantString("relative"))).build())
        .hasMessageContaining("dotToAuthNames")
        .hasMessageContaining("relative");
  }

  @Test
  void dotToAuthNames_isCopied() {
    List<Name> names = new ArrayList<>(List.of(Name.fromConstantString("example.com.")));
    ProbeOptions o = ProbeOptions.builder().dotToAuthNames(names).build();
    names.clear();

    assertThat(o.dotToAuthNames()).containsExactly(Name.fromConstantString("example.com."));
    assertThatThrownBy(() -> o.dotToAuthNames().add(Name.root)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilder_keepsEveryValue() {
    ProbeOptions o =
        ProbeOptions.builder()
            .maxBusyDotProbes(7)
            .visitsBeforeProbe(3)
            .persistence(Duration.ofHours(5))
            .damping(Duration.ofHours(2))
            .visitWindow(Duration.ofHours(1))
            .timeout(Duration.ofSeconds(2))
            .maxEntries(10)
            .stateFile(Path.of("/var/lib/adot/dot.state"))
            .saveInterval(Duration.ofMinutes(1))
            .pruneInterval(Duration.ofSeconds(5))
            .dotToAuthNames(List.of(Name.root))
            .build();

    assertThat(o.toBuilder().build()).isEqualTo(o);
  }
}
