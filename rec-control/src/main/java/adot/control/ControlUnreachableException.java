package adot.control;

/**
 * rec-control could not get a reply from the daemon: no socket, no permission, nobody listening, a timeout, or a
 * connection cut before the reply was complete. The message is written for the operator and names the socket.
 * Exit code 2.
 */
final class ControlUnreachableException extends Exception {

  private static final long serialVersionUID = 1L;

  ControlUnreachableException(String message) {
    super(message);
  }

  ControlUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
