package adot.server.control;

import java.util.List;
import java.util.Objects;

/** {@code help}: lists every registered command with its one-line usage, generated from the registry. */
public final class HelpCommand extends SyncCommand {

  private final CommandRegistry registry;

  /** @param registry the table to describe; read at each call, so later registrations show up */
  public HelpCommand(CommandRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public String name() {
    return "help";
  }

  @Override
  public String usage() {
    return "help : list the commands this daemon understands";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    ControlResponse bad = requireNoArgs(args);
    if (bad != null) {
      return bad;
    }
    StringBuilder out = new StringBuilder();
    for (ControlCommand command : registry.commands()) {
      out.append(command.usage()).append('\n');
    }
    return ControlResponse.ok(out.toString());
  }
}
