package adot.server.control;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One verb of the control protocol, such as {@code ping} or {@code dump-cache}.
 *
 * <p>The {@link ControlServer} calls {@link #execute} on its small command executor, never on the socket's I/O
 * thread, so an implementation may do a bounded amount of blocking work (build a dump); anything that must run on
 * another thread (a resolver's event loop) should return a stage completed there instead of waiting for it. A stage
 * that does not complete within the server's command timeout is answered {@code ERROR} for it.
 *
 * <p>Implementations are stateless or thread-safe: several clients may run the same command at once.
 */
public interface ControlCommand {

  /** The verb, lower case, as typed: {@code dump-dot-probe-map}. */
  String name();

  /** One line for {@code help}: the verb with its arguments and what it does, e.g. {@code get NAME... : ...}. */
  String usage();

  /**
   * Runs the command.
   *
   * @param args the request's tokens after the verb, possibly empty
   * @return the response; a failed stage is answered {@code ERROR command failed: <message>}
   */
  CompletionStage<ControlResponse> execute(List<String> args);
}
