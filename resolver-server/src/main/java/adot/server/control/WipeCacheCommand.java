package adot.server.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code wipe-cache NAME...}: removes names from the caches, {@code NAME$} removing the whole subtree below NAME
 * too (the PowerDNS convention). All names are checked before anything is wiped, so a typo wipes nothing.
 */
public final class WipeCacheCommand extends SyncCommand {

  private final Function<List<WipeRequest>, Integer> wiper;

  /** @param wiper removes the requested names and returns how many cache entries it removed */
  public WipeCacheCommand(Function<List<WipeRequest>, Integer> wiper) {
    this.wiper = Objects.requireNonNull(wiper, "wiper");
  }

  @Override
  public String name() {
    return "wipe-cache";
  }

  @Override
  public String usage() {
    return "wipe-cache NAME... : remove NAME from the caches; NAME$ removes NAME and everything below it";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    if (args.isEmpty()) {
      return usageError("no name given");
    }
    List<WipeRequest> requests = new ArrayList<>(args.size());
    for (String arg : args) {
      try {
        requests.add(WipeRequest.parse(arg));
      } catch (IllegalArgumentException e) {
        return usageError(e.getMessage());
      }
    }
    int wiped = Objects.requireNonNull(wiper.apply(List.copyOf(requests)), "wiped count");
    return ControlResponse.ok("wiped " + wiped + " records");
  }
}
