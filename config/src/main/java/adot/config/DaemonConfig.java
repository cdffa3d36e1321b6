package adot.config;

import adot.core.ResolverOptions;
import adot.core.transport.dot.DotOptions;
import adot.probe.ProbeOptions;
import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * The daemon's whole configuration, mapped onto each module's option records.
 *
 * @param file the file it was read from, or {@code null} when built from text
 * @param incoming listeners and client limits
 * @param resolver the resolution engine, its limits and caches
 * @param probe opportunistic DoT probing
 * @param dot the DoT client: port, connection pooling, padding
 * @param control the control socket
 * @param metrics the Prometheus endpoint
 * @param logging log level
 * @param raw the merged HOCON tree, for {@code --check-config}
 */
public record DaemonConfig(
    Path file,
    IncomingOptions incoming,
    ResolverOptions resolver,
    ProbeOptions probe,
    DotOptions dot,
    ControlSettings control,
    MetricsSettings metrics,
    LoggingSettings logging,
    Config raw) {}
