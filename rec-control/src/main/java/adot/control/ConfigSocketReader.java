package adot.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code control.socket} in the daemon's HOCON configuration file without a HOCON library (rec-control must
 * start fast with only the JDK and picocli on its class path).
 *
 * <p>Understood: {@code control { socket = "..." }} (also with {@code :} or {@code =} before the brace, nested any
 * way that spells the path {@code control.socket}), {@code control.socket = ...}, quoted strings with JSON escapes,
 * triple-quoted strings, unquoted values, {@code #} and {@code //} comments, an optional pair of braces around the
 * whole file, and HOCON's rule that the last assignment wins. Skipped: arrays and every other key.
 *
 * <p>Substitutions of environment variables ({@code ${ADOT_HOME}}, {@code ${?VAR}}) are resolved as the daemon
 * resolves them. Not understood (documented limits): substitutions of other config keys (reported as an error so
 * the operator passes {@code --socket}), {@code include} (the included file is not read), and keys split across quoted
 * segments ({@code "control".socket}).
 */
final class ConfigSocketReader {

  /** Raised when the file sets {@code control.socket} in a way this reader cannot evaluate. */
  static final class UnsupportedValueException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedValueException(String message) {
      super(message);
    }
  }

  private static final List<String> KEY = List.of("control", "socket");
  private static final int MAX_DEPTH = 64;

  private enum Kind { WORD, STRING, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, SEPARATOR, COMMA, NEWLINE,
    SUBSTITUTION, EOF }

  private record Token(Kind kind, String text, int start, int end) {
  }

  private final String source;
  private final List<Token> tokens;
  private int next;
  private String value;
  private boolean substitution;

  private ConfigSocketReader(String source) {
    this.source = source;
    this.tokens = lex(source);
  }

  /** The value of {@code control.socket} in {@code file}, if set. */
  static Optional<String> read(Path file) throws IOException, UnsupportedValueException {
    return find(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The value of {@code control.socket} in HOCON text, if set. */
  static Optional<String> find(String text) throws UnsupportedValueException {
    ConfigSocketReader reader = new ConfigSocketReader(text);
    reader.parseBody(List.of(), false, 0);
    if (reader.substitution) {
      throw new UnsupportedValueException("control.socket is set with a substitution (${...}), which rec-control"
          + " cannot resolve; pass --socket PATH");
    }
    return Optional.ofNullable(reader.value);
  }

  // ---- parser: tolerant; anything it does not understand is skipped up to the end of the line ----

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind != Kind.EOF) {
      next++;
    }
    return t;
  }

  private void parseBody(List<String> prefix, boolean braced, int depth) {
    while (true) {
      Token t = peek();
      switch (t.kind) {
        case EOF:
          return;
        case CLOSE_BRACE:
          take();
          if (braced) {
            return;
          }
          break; // stray brace at top level
        case OPEN_BRACE:
          take(); // braces around the whole file
          parseObject(prefix, depth);
          break;
        case WORD:
        case STRING:
          parseField(prefix, depth);
          break;
        case NEWLINE:
        case COMMA:
          take();
          break;
        default:
          skipLine();
      }
    }
  }

  private void parseObject(List<String> path, int depth) {
    if (depth >= MAX_DEPTH) {
      skipBalanced(Kind.OPEN_BRACE, Kind.CLOSE_BRACE);
    } else {
      parseBody(path, true, depth + 1);
    }
  }

  private void parseField(List<String> prefix, int depth) {
    Token keyToken = take();
    if (keyToken.kind == Kind.WORD && keyToken.text.equals("include")
        && (peek().kind == Kind.STRING || peek().kind == Kind.WORD)) {
      skipLine(); // include "file" / include required("file"): not followed
      return;
    }
    List<String> path = new ArrayList<>(prefix);
    if (keyToken.kind == Kind.WORD) {
      path.addAll(List.of(keyToken.text.split("\\.", -1)));
    } else {
      path.add(keyToken.text);
    }
    boolean separated = false;
    if (peek().kind == Kind.SEPARATOR) {
      take();
      separated = true;
    }
    Token t = peek();
    if (t.kind == Kind.OPEN_BRACE) {
      take();
      parseObject(path, depth);
      return;
    }
    if (t.kind == Kind.OPEN_BRACKET) {
      skipBalanced(Kind.OPEN_BRACKET, Kind.CLOSE_BRACKET);
      return;
    }
    if (!separated) {
      skipLine();
      return;
    }
    List<Token> valueTokens = new ArrayList<>();
    while (true) {
      Kind k = peek().kind;
      if (k == Kind.NEWLINE || k == Kind.COMMA || k == Kind.CLOSE_BRACE || k == Kind.EOF) {
        break;
      }
      valueTokens.add(take());
    }
    if (path.equals(KEY)) {
      assign(valueTokens);
    }
  }

  /** Evaluates a value made of strings and unquoted words (HOCON concatenation keeps the spaces between them). */
  private void assign(List<Token> valueTokens) {
    if (valueTokens.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    boolean hasSubstitution = false;
    Token previous = null;
    for (Token t : valueTokens) {
      String piece = t.text;
      if (t.kind == Kind.SUBSTITUTION) {
        piece = environment(t.text);
        if (piece == null) {
          hasSubstitution = true;
          piece = "";
        }
      } else if (t.kind != Kind.WORD && t.kind != Kind.STRING) {
        return; // an object, array or stray symbol: not a path, ignore
      }
      if (previous != null) {
        text.append(source, previous.end, t.start);
      }
      text.append(piece);
      previous = t;
    }
    substitution = hasSubstitution;
    value = hasSubstitution ? null : text.toString();
  }

  /**
   * The value of {@code ${VAR}} or {@code ${?VAR}} when VAR is an environment variable (as the daemon's HOCON
   * resolves it when no config key of that name exists, e.g. {@code ADOT_HOME} set by the start scripts); {@code
   * null} when it cannot be resolved here.
   */
  private static String environment(String substitution) {
    String name = substitution.substring(2, substitution.length() - 1).trim();
    boolean optional = name.startsWith("?");
    if (optional) {
      name = name.substring(1).trim();
    }
    if (name.isEmpty() || name.contains(".")) {
      return null; // a reference to another config key
    }
    return System.getenv(name); // unset (even ${?VAR}): unresolvable here, the operator passes --socket
  }

  private void skipLine() {
    while (true) {
      Kind k = peek().kind;
      if (k == Kind.NEWLINE || k == Kind.EOF || k == Kind.CLOSE_BRACE) {
        return;
      }
      if (k == Kind.OPEN_BRACE) {
        skipBalanced(Kind.OPEN_BRACE, Kind.CLOSE_BRACE);
      } else if (k == Kind.OPEN_BRACKET) {
        skipBalanced(Kind.OPEN_BRACKET, Kind.CLOSE_BRACKET);
      } else {
        take();
      }
    }
  }

  /** Skips from an opening token to its matching closing one (or the end), counting nesting. */
  private void skipBalanced(Kind open, Kind close) {
    int level = 0;
    while (peek().kind != Kind.EOF) {
      Kind k = take().kind;
      if (k == open) {
        level++;
      } else if (k == close && --level <= 0) {
        return;
      }
    }
  }

  // ---- lexer ----

  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\n') {
        out.add(new Token(Kind.NEWLINE, "\n", i, i + 1));
        i++;
      } else if (Character.isWhitespace(c) || c == '\uFEFF') {
        i++;
      } else if (c == '#' || c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"') {
        i = s.startsWith("\"\"\"", i) ? lexTripleQuoted(s, i, out) : lexQuoted(s, i, out);
      } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '{') {
        int end = s.indexOf('}', i);
        end = end < 0 ? n : end + 1;
        out.add(new Token(Kind.SUBSTITUTION, s.substring(i, end), i, end));
        i = end;
      } else if (c == '+' && i + 1 < n && s.charAt(i + 1) == '=') {
        out.add(new Token(Kind.SEPARATOR, "+=", i, i + 2));
        i += 2;
      } else if ("{}[],:=".indexOf(c) >= 0) {
        out.add(new Token(symbol(c), String.valueOf(c), i, i + 1));
        i++;
      } else {
        int start = i;
        while (i < n && !endsWord(s, i)) {
          i++;
        }
        if (i == start) {
          i++; // a lone '$': skip it
          continue;
        }
        out.add(new Token(Kind.WORD, s.substring(start, i), start, i));
      }
    }
    out.add(new Token(Kind.EOF, "", n, n));
    return out;
  }

  private static boolean endsWord(String s, int i) {
    char c = s.charAt(i);
    if (Character.isWhitespace(c) || "{}[],:=\"#$".indexOf(c) >= 0) {
      return true;
    }
    return i + 1 < s.length() && (c == '/' && s.charAt(i + 1) == '/' || c == '+' && s.charAt(i + 1) == '=');
  }

  private static Kind symbol(char c) {
    switch (c) {
      case '{': return Kind.OPEN_BRACE;
      case '}': return Kind.CLOSE_BRACE;
      case '[': return Kind.OPEN_BRACKET;
      case ']': return Kind.CLOSE_BRACKET;
      case ',': return Kind.COMMA;
      default: return Kind.SEPARATOR;
    }
  }

  private static int lexQuoted(String s, int start, List<Token> out) {
    StringBuilder text = new StringBuilder();
    int i = start + 1;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"') {
        out.add(new Token(Kind.STRING, text.toString(), start, i + 1));
        return i + 1;
      }
      if (c == '\n') {
        break; // unterminated: take what there is
      }
      if (c == '\\' && i + 1 < n) {
        char e = s.charAt(i + 1);
        i += 2;
        switch (e) {
          case 'n': text.append('\n'); break;
          case 't': text.append('\t'); break;
          case 'r': text.append('\r'); break;
          case 'b': text.append('\b'); break;
          case 'f': text.append('\f'); break;
          case 'u':
            if (i + 4 <= n) {
              try {
                text.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                i += 4;
              } catch (NumberFormatException ex) {
                text.append('u');
              }
            }
            break;
          default: text.append(e); // \" \\ \/
        }
        continue;
      }
      text.append(c);
      i++;
    }
    out.add(new Token(Kind.STRING, text.toString(), start, i));
    return i;
  }

  private static int lexTripleQuoted(String s, int start, List<Token> out) {
    int close = s.indexOf("\"\"\"", start + 3);
    int end = close < 0 ? s.length() : close;
    // HOCON: extra quotes just before the closing three belong to the string.
    while (close >= 0 && end + 3 < s.length() && s.charAt(end + 3) == '"') {
      end++;
    }
    int after = close < 0 ? s.length() : end + 3;
    out.add(new Token(Kind.STRING, s.substring(start + 3, end), start, after));
    return after;
  }
}
