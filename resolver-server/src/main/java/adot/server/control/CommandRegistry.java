package adot.server.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The command table of the control socket: verb to {@link ControlCommand}. Adding a verb means writing one small
 * command class and registering it here, from the composition root.
 *
 * <p>Thread-safe: commands may be registered while the server runs (a subsystem that starts late), and lookups
 * never block. Verbs are lower case ({@code [a-z0-9][a-z0-9-]*}); lookups ignore ASCII case.
 */
public final class CommandRegistry {

  private static final Pattern VERB = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final ConcurrentSkipListMap<String, ControlCommand> commands = new ConcurrentSkipListMap<>();

  /** An empty table. */
  public CommandRegistry() {
  }

  /**
   * A table holding the generic commands every daemon has: {@code ping}, {@code version} and {@code help}.
   *
   * @param daemonVersion what {@code version} answers
   */
  public static CommandRegistry withBuiltins(String daemonVersion) {
    CommandRegistry registry = new CommandRegistry();
    registry.register(new PingCommand());
    registry.register(new VersionCommand(daemonVersion));
    registry.register(new HelpCommand(registry));
    return registry;
  }

  /**
   * Adds a command.
   *
   * @return this registry, for chaining
   * @throws IllegalArgumentException if the verb is malformed or already taken
   */
  public CommandRegistry register(ControlCommand command) {
    Objects.requireNonNull(command, "command");
    String name = Objects.requireNonNull(command.name(), "command name");
    if (!VERB.matcher(name).matches()) {
      throw new IllegalArgumentException("control command name must match " + VERB + ": '" + name + "'");
    }
    ControlCommand previous = commands.putIfAbsent(name, command);
    if (previous != null) {
      throw new IllegalArgumentException("control command '" + name + "' is already registered");
    }
    return this;
  }

  /** The command for this verb, ignoring ASCII case. */
  public Optional<ControlCommand> find(String verb) {
    return Optional.ofNullable(commands.get(verb.toLowerCase(Locale.ROOT)));
  }

  /** All commands, sorted by verb. */
  public List<ControlCommand> commands() {
    Collection<ControlCommand> values = commands.values();
    return List.copyOf(new ArrayList<>(values));
  }
}
