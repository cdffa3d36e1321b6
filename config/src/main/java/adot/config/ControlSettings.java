package adot.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Control-socket settings ({@code control} section).
 *
 * @param socket Unix socket path rec-control connects to
 * @param group group that owns the socket, or {@code null} for the daemon's
 * @param maxClients control clients served at once
 * @param readTimeout how long a client may take to send its command
 */
public record ControlSettings(Path socket, String group, int maxClients, Duration readTimeout) {}
