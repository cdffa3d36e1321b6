package adot.server.control;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed request line: the verb and its arguments.
 *
 * <p>Syntax: tokens separated by runs of spaces or tabs; no quoting, no escapes (no argument of any command needs
 * a space). Control characters other than tab are refused, so a request can be logged safely.
 *
 * @param verb the first token, as sent
 * @param args the remaining tokens
 */
record ControlRequest(String verb, List<String> args) {

  ControlRequest {
    args = List.copyOf(args);
  }

  /**
   * Splits a request line (without its newline).
   *
   * @throws IllegalArgumentException with the message for the client if the line is empty or has control characters
   */
  static ControlRequest parse(String line) {
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= line.length(); i++) {
      char c = i < line.length() ? line.charAt(i) : ' ';
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new IllegalArgumentException("request contains a control character (0x"
            + Integer.toHexString(c) + ")");
      }
      boolean separator = c == ' ' || c == '\t';
      if (separator && start >= 0) {
        tokens.add(line.substring(start, i));
        start = -1;
      } else if (!separator && start < 0) {
        start = i;
      }
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("empty request, try 'help'");
    }
    return new ControlRequest(tokens.get(0), tokens.subList(1, tokens.size()));
  }
}
