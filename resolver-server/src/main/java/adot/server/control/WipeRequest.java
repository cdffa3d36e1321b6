package adot.server.control;

import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One name to remove from the caches, parsed from a {@code wipe-cache} argument.
 *
 * @param name the absolute domain name in presentation form, lower case, with its trailing dot
 *     ({@code example.com.}, {@code .} for the root)
 * @param subtree {@code true} when the argument ended in {@code $}: wipe the name and every name below it
 */
public record WipeRequest(String name, boolean subtree) {

  /** Checks the name is absolute. */
  public WipeRequest {
    Objects.requireNonNull(name, "name");
    if (!name.endsWith(".")) {
      throw new IllegalArgumentException("wipe request name must be absolute (end with '.'): " + name);
    }
  }

  /**
   * Parses an operator's argument: {@code example.com} (that name only) or {@code example.com$} (that name and
   * everything below it), a trailing dot optional; {@code .$} wipes everything.
   *
   * @throws IllegalArgumentException with a message for the operator if the name is not a valid domain name
   */
  public static WipeRequest parse(String argument) {
    boolean subtree = argument.endsWith("$");
    String text = subtree ? argument.substring(0, argument.length() - 1) : argument;
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty name in '" + argument + "'");
    }
    try {
      Name parsed = Name.fromString(text, Name.root);
      return new WipeRequest(parsed.toString().toLowerCase(java.util.Locale.ROOT), subtree);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad name '" + text + "': " + e.getMessage(), e);
    }
  }

  /** This name as a dnsjava {@link Name}. */
  public Name dnsName() {
    return Name.fromConstantString(name);
  }

  /** The argument form: the name, followed by {@code $} for a subtree. */
  @Override
  public String toString() {
    return subtree ? name + "$" : name;
  }
}
