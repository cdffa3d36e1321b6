package adot.server.control;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code dump-cache}: the record cache as zone-file-like text. The daemon only returns the text; {@code rec-control}
 * writes it to a file or standard output.
 */
public final class DumpCacheCommand extends SyncCommand {

  private final Supplier<String> dumper;

  /** @param dumper renders the cache; called on the control server's command executor */
  public DumpCacheCommand(Supplier<String> dumper) {
    this.dumper = Objects.requireNonNull(dumper, "dumper");
  }

  @Override
  public String name() {
    return "dump-cache";
  }

  @Override
  public String usage() {
    return "dump-cache : the record cache, as zone-file-like text";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    ControlResponse bad = requireNoArgs(args);
    return bad != null ? bad : ControlResponse.ok(Objects.requireNonNull(dumper.get(), "cache dump"));
  }
}
