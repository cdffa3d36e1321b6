package adot.server.control;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code quit-nicely}: stops the daemon gracefully. Replies {@code bye} first; the stopper runs only after the reply
 * has been written (see {@link ControlResponse#afterSent()}), on a thread of its own, so it may stop the control
 * server itself and wait for it.
 */
public final class QuitNicelyCommand extends SyncCommand {

  private static final Logger LOG = LoggerFactory.getLogger(QuitNicelyCommand.class);

  private final Runnable stopper;

  /** @param stopper starts the daemon's graceful shutdown */
  public QuitNicelyCommand(Runnable stopper) {
    this.stopper = Objects.requireNonNull(stopper, "stopper");
  }

  @Override
  public String name() {
    return "quit-nicely";
  }

  @Override
  public String usage() {
    return "quit-nicely : stop the daemon gracefully (replies 'bye' first)";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    ControlResponse bad = requireNoArgs(args);
    if (bad != null) {
      return bad;
    }
    LOG.info("event=stopping reason=quit-nicely");
    return ControlResponse.ok("bye").thenAfterSent(stopper);
  }
}
