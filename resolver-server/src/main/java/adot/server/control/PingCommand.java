package adot.server.control;

import java.util.List;

/** {@code ping}: answers {@code pong}; tells the operator the daemon is alive and its control plane responsive. */
public final class PingCommand extends SyncCommand {

  @Override
  public String name() {
    return "ping";
  }

  @Override
  public String usage() {
    return "ping : check that the daemon answers (replies 'pong')";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    ControlResponse bad = requireNoArgs(args);
    return bad != null ? bad : ControlResponse.ok("pong");
  }
}
