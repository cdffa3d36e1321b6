package adot.config;

/**
 * Prometheus endpoint settings ({@code metrics} section).
 *
 * @param listen where to serve {@code /metrics}, or {@code null} when off
 */
public record MetricsSettings(ListenAddress listen) {}
