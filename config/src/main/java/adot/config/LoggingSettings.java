package adot.config;

/**
 * Logging settings ({@code logging} section).
 *
 * @param level the level of the daemon's loggers: ERROR, WARN, INFO, DEBUG or TRACE
 */
public record LoggingSettings(String level) {}
