package adot.server.control;

import java.io.IOException;
import java.nio.file.Path;

/** Thrown by {@link ControlServer#start()} when another process already answers on the control socket. */
public final class ControlSocketInUseException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path socket;

  ControlSocketInUseException(Path socket) {
    super("control socket " + socket + " is in use: another adot-resolver (or another program) answers on it;"
        + " stop it first, or configure another control.socket");
    this.socket = socket;
  }

  /** The contested socket path. */
  public Path socket() {
    return socket;
  }
}
