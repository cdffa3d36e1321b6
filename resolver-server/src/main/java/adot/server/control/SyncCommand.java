package adot.server.control;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Base of commands that answer directly on the calling (command executor) thread. Subclasses implement
 * {@link #run(List)}; an exception it throws becomes a failed stage, which the server answers
 * {@code ERROR command failed: <message>}.
 */
public abstract class SyncCommand implements ControlCommand {

  /** For subclasses. */
  protected SyncCommand() {
  }

  @Override
  public final CompletionStage<ControlResponse> execute(List<String> args) {
    try {
      return CompletableFuture.completedFuture(run(args));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Produces the response. */
  protected abstract ControlResponse run(List<String> args);

  /** An {@code ERROR} reply saying what is wrong with the arguments and how to call the command. */
  protected final ControlResponse usageError(String problem) {
    return ControlResponse.error(problem + "; usage: " + usage());
  }

  /** {@code null} when {@code args} is empty, else a usage error naming the first unexpected argument. */
  protected final ControlResponse requireNoArgs(List<String> args) {
    return args.isEmpty() ? null : usageError("unexpected argument '" + args.get(0) + "'");
  }
}
