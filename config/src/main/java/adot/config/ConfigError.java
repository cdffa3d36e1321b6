package adot.config;

/**
 * A configuration the daemon refuses to start with. The message is one line for the operator: the file, the key,
 * the value and what was expected. No stack trace is printed for it.
 */
public final class ConfigError extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigError(String message) {
    super(message, null, false, false);
  }
}
