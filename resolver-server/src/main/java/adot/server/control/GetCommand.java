package adot.server.control;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * {@code get NAME...}: the value of each named statistic, one per line in the order asked, {@code UNKNOWN} for a
 * name the daemon does not have (like PowerDNS's {@code rec_control get}; the reply is still {@code OK}).
 */
public final class GetCommand extends SyncCommand {

  /** The line printed for a statistic that does not exist. */
  public static final String UNKNOWN = "UNKNOWN";

  private final Supplier<SortedMap<String, Long>> counters;

  /** @param counters a snapshot of the statistics, taken once per call */
  public GetCommand(Supplier<SortedMap<String, Long>> counters) {
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public String name() {
    return "get";
  }

  @Override
  public String usage() {
    return "get NAME... : the value of each named statistic, one per line ('UNKNOWN' if there is no such name)";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    if (args.isEmpty()) {
      return usageError("no statistic named");
    }
    SortedMap<String, Long> snapshot = counters.get();
    StringBuilder out = new StringBuilder();
    for (String name : args) {
      Long value = snapshot.get(name);
      out.append(value == null ? UNKNOWN : value.toString()).append('\n');
    }
    return ControlResponse.ok(out.toString());
  }
}
