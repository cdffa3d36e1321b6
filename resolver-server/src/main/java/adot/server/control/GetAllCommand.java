package adot.server.control;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * {@code get-all}: every statistic as {@code name<TAB>value} lines, sorted by name, like PowerDNS's
 * {@code rec_control get-all}.
 */
public final class GetAllCommand extends SyncCommand {

  private final Supplier<SortedMap<String, Long>> counters;

  /** @param counters a snapshot of the statistics, taken at each call */
  public GetAllCommand(Supplier<SortedMap<String, Long>> counters) {
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public String name() {
    return "get-all";
  }

  @Override
  public String usage() {
    return "get-all : every statistic, one 'name<TAB>value' line each";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    ControlResponse bad = requireNoArgs(args);
    if (bad != null) {
      return bad;
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Long> e : counters.get().entrySet()) {
      out.append(e.getKey()).append('\t').append(e.getValue()).append('\n');
    }
    return ControlResponse.ok(out.toString());
  }
}
