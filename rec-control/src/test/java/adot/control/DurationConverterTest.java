package adot.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

  @Test
  void parse_unitsAndBareSeconds() {
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationConverter.parse("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(DurationConverter.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void parse_zeroOrGarbage_refused() {
    assertThatThrownBy(() -> DurationConverter.parse("0s")).isInstanceOf(CommandLine.TypeConversionException.class);
    assertThatThrownBy(() -> DurationConverter.parse("-5s")).isInstanceOf(CommandLine.TypeConversionException.class);
    assertThatThrownBy(() -> DurationConverter.parse("5h")).isInstanceOf(CommandLine.TypeConversionException.class);
  }
}
