package adot.server.control;

import java.util.Objects;

/**
 * What a control command answers: success or failure, and a text body sent to the client after the status line.
 *
 * @param ok {@code true} for {@code OK}, {@code false} for {@code ERROR}
 * @param body the text shown to the operator (may be empty, never null); a newline is added on the wire if it does
 *     not end with one
 * @param afterSent run once the reply has been written to the client (or the client went away), off the I/O
 *     thread; {@code quit-nicely} uses it to stop the daemon only after saying {@code bye}. Never null.
 */
public record ControlResponse(boolean ok, String body, Runnable afterSent) {

  /** The {@link #afterSent()} of a response that needs nothing done after it is sent. */
  static final Runnable NOTHING = () -> { };

  /** Checks that nothing is null. */
  public ControlResponse {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(afterSent, "afterSent");
  }

  /** A response with nothing to do after it is sent. */
  public ControlResponse(boolean ok, String body) {
    this(ok, body, NOTHING);
  }

  /** An {@code OK} response with this body. */
  public static ControlResponse ok(String body) {
    return new ControlResponse(true, body);
  }

  /** An {@code ERROR} response with this message as body. */
  public static ControlResponse error(String message) {
    return new ControlResponse(false, message);
  }

  /** This response, running {@code action} once it has been sent. */
  public ControlResponse thenAfterSent(Runnable action) {
    return new ControlResponse(ok, body, action);
  }
}
