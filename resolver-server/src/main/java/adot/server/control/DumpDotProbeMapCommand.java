package adot.server.control;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code dump-dot-probe-map [--json]}: the DoT probe table as text (the probe-map format of
 * {@code docs/probing.md}) or, with {@code --json}, as JSON. The daemon only returns the text; {@code rec-control}
 * writes it to a file or standard output.
 */
public final class DumpDotProbeMapCommand extends SyncCommand {

  private final Function<Boolean, String> dumper;

  /** @param dumper renders the table; its argument is {@code true} for JSON, {@code false} for the text format */
  public DumpDotProbeMapCommand(Function<Boolean, String> dumper) {
    this.dumper = Objects.requireNonNull(dumper, "dumper");
  }

  @Override
  public String name() {
    return "dump-dot-probe-map";
  }

  @Override
  public String usage() {
    return "dump-dot-probe-map [--json] : the DoT probe table (ip, zone, count, status, expiry), as text or JSON";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    boolean json = false;
    for (String arg : args) {
      if (arg.equals("--json")) {
        json = true;
      } else {
        return usageError("unexpected argument '" + arg + "'");
      }
    }
    return ControlResponse.ok(Objects.requireNonNull(dumper.apply(json), "probe map dump"));
  }
}
