package adot.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlRequestTest {

  @Test
  void parse_verbAndArgsSplitOnSpacesAndTabs() {
    ControlRequest request = ControlRequest.parse("  get \tquestions  cache-hits ");

    assertThat(request.verb()).isEqualTo("get");
    assertThat(request.args()).isEqualTo(List.of("questions", "cache-hits"));
  }

  @Test
  void parse_quotesAreOrdinaryCharacters() {
    assertThat(ControlRequest.parse("get \"a b\"").args()).containsExactly("\"a", "b\"");
  }

  @Test
  void parse_blankOrControlCharacters_refused() {
    assertThatThrownBy(() -> ControlRequest.parse(" \t ")).hasMessage("empty request, try 'help'");
    assertThatThrownBy(() -> ControlRequest.parse("ping\u001b[2J")).hasMessageContaining("control character (0x1b)");
  }
}
