package adot.server.control;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code dump-nsspeeds}: the measured response times of authoritative servers, as text. */
public final class DumpNsSpeedsCommand extends SyncCommand {

  private final Supplier<String> dumper;

  /** @param dumper renders the server speed table; called on the control server's command executor */
  public DumpNsSpeedsCommand(Supplier<String> dumper) {
    this.dumper = Objects.requireNonNull(dumper, "dumper");
  }

  @Override
  public String name() {
    return "dump-nsspeeds";
  }

  @Override
  public String usage() {
    return "dump-nsspeeds : the measured response time of each authoritative server address";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    ControlResponse bad = requireNoArgs(args);
    return bad != null ? bad : ControlResponse.ok(Objects.requireNonNull(dumper.get(), "nsspeeds dump"));
  }
}
