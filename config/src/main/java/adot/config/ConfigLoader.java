package adot.config;

import adot.core.CacheOptions;
import adot.core.ResolverOptions;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the daemon's HOCON file over the defaults in {@code reference.conf} and maps it onto each module's option
 * records. Every problem is a {@link ConfigError} with a one-line message: unknown keys (with the nearest known key),
 * wrong types, unparseable addresses, out-of-range numbers.
 */
public final class ConfigLoader {
  /** Top-level sections; anything else at the top level of a file is an unknown key. */
  static final List<String> SECTIONS = List.of("incoming", "recursor", "outgoing", "cache", "control", "metrics",
      "logging");
  private static final Set<String> LEVELS = Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

  private ConfigLoader() {}

  /** The built-in defaults. */
  public static Config reference() {
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf",
        ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
  }

  /** Loads {@code file} over the defaults. */
  public static DaemonConfig load(Path file) throws ConfigError {
    if (!Files.isRegularFile(file)) {
      throw new ConfigError(file + ": no such config file (give --config FILE)");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigError(file + ": config file not readable by this user");
    }
    Config user;
    try {
      user = ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
    } catch (ConfigException e) {
      throw new ConfigError(file + ": " + oneLine(e.getMessage()));
    }
    return fromConfig(user, file.toString(), file);
  }

  /** Maps a parsed configuration (e.g. from a string in tests) over the defaults. */
  public static DaemonConfig fromConfig(Config user, String fileName, Path file) throws ConfigError {
    Config reference = reference();
    checkKnownKeys(user, reference, fileName);
    Config merged;
    try {
      merged = user.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new ConfigError(fileName + ": " + oneLine(e.getMessage()));
    }
    SettingsReader r = new SettingsReader(merged, fileName);
    return new DaemonConfig(
        file,
        incoming(r),
        resolver(r),
        ModuleSettings.probe(r),
        ModuleSettings.dot(r),
        control(r),
        metrics(r),
        logging(r),
        merged);
  }

  /** Parses HOCON text (for tests and --check-config of literal text). */
  public static DaemonConfig fromString(String hocon) throws ConfigError {
    Config user;
    try {
      user = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("config"));
    } catch (ConfigException e) {
      throw new ConfigError("config: " + oneLine(e.getMessage()));
    }
    return fromConfig(user, "config", null);
  }

  /** The effective configuration as HOCON, for {@code --check-config}. */
  public static String render(DaemonConfig config) {
    StringBuilder out = new StringBuilder();
    ConfigRenderOptions options = ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
        .setJson(false).setFormatted(true);
    for (String section : SECTIONS) {
      out.append(config.raw().root().withOnlyKey(section).render(options));
    }
    return out.toString();
  }

  private static void checkKnownKeys(Config user, Config reference, String fileName) throws ConfigError {
    Set<String> known = new TreeSet<>();
    reference.entrySet().forEach(e -> known.add(e.getKey()));
    // keys whose default is null do not appear in entrySet
    collectNullKeys(reference, "", known);
    for (var e : user.entrySet()) {
      String key = e.getKey();
      if (!known.contains(key)) {
        String hint = KeySuggestions.nearest(key, known);
        var origin = e.getValue().origin();
        String where = origin.lineNumber() > 0 ? fileName + ":" + origin.lineNumber() : fileName;
        throw new ConfigError(where + ": unknown key '" + key + "'"
            + (hint != null ? ", did you mean '" + hint + "'?" : "; see docs/configuration.md for the known keys"));
      }
    }
  }

  private static void collectNullKeys(Config c, String prefix, Set<String> into) {
    for (var e : c.root().entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      switch (e.getValue().valueType()) {
        case NULL -> into.add(key);
        case OBJECT -> collectNullKeys(c.getConfig(quoted(e.getKey())), key, into);
        default -> { }
      }
    }
  }

  private static String quoted(String key) {
    return key.contains(".") ? "\"" + key + "\"" : key;
  }

  private static IncomingOptions incoming(SettingsReader r) throws ConfigError {
    return new IncomingOptions(
        r.listenAddresses("incoming.listen"),
        r.cidrs("incoming.allow-from"),
        r.bool("incoming.refuse-disallowed-tcp"),
        r.duration("incoming.tcp-idle-timeout", false),
        r.integer("incoming.max-tcp-clients", 1, 1_000_000),
        r.integer("incoming.max-tcp-queries-in-flight", 1, 65535),
        r.integer("incoming.max-concurrent-resolutions", 1, 10_000_000),
        r.integer("incoming.udp-response-size", 512, 65535),
        threads(r),
        packetEntries(r));
  }

  private static long packetEntries(SettingsReader r) throws ConfigError {
    return r.integer("cache.max-packet-entries", 0, Integer.MAX_VALUE);
  }

  private static int threads(SettingsReader r) throws ConfigError {
    int t = r.integer("recursor.threads", 0, 1024);
    return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
  }

  private static ResolverOptions resolver(SettingsReader r) throws ConfigError {
    CacheOptions cache = new CacheOptions(
        r.size("cache.max-record-sets"),
        r.size("cache.max-negative-entries"),
        r.duration("cache.max-ttl", true),
        r.duration("cache.max-negative-ttl", true),
        r.size("cache.max-server-entries"));
    Path hints = r.optionalPath("recursor.root-hints-file");
    if (hints != null && !Files.isReadable(hints)) {
      throw r.invalid("recursor.root-hints-file", "no readable file there");
    }
    return new ResolverOptions(
        hints,
        r.bool("recursor.qname-minimisation"),
        r.integer("recursor.max-queries-per-question", 1, 10_000),
        r.integer("recursor.max-ns-address-lookups", 1, 1_000),
        r.integer("recursor.max-recursion-depth", 1, 1_000),
        r.integer("recursor.max-cname-chain", 1, 100),
        r.duration("recursor.max-question-time", false),
        r.duration("outgoing.network-timeout", false),
        r.integer("outgoing.do53-port", 1, 65535),
        r.integer("outgoing.edns-buffer-size", 512, 65535),
        r.cidrs("outgoing.dont-query"),
        r.bool("outgoing.query-ipv6"),
        r.integer("recursor.throttle-after-timeouts", 1, 1_000),
        r.duration("recursor.throttle-duration", false),
        cache);
  }

  private static ControlSettings control(SettingsReader r) throws ConfigError {
    String socket = r.optionalString("control.socket");
    if (socket == null) {
      throw r.error("control.socket", "a path such as \"/run/adot-resolver/control.sock\"");
    }
    if (socket.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 100) {
      throw r.invalid("control.socket", "Unix socket paths are limited to about 100 bytes");
    }
    return new ControlSettings(Path.of(socket), r.optionalString("control.group"),
        r.integer("control.max-clients", 1, 10_000), r.duration("control.read-timeout", false));
  }

  private static MetricsSettings metrics(SettingsReader r) throws ConfigError {
    String listen = r.optionalString("metrics.listen");
    if (listen == null) {
      return new MetricsSettings(null);
    }
    try {
      return new MetricsSettings(ListenAddress.parse(listen));
    } catch (IllegalArgumentException e) {
      throw r.invalid("metrics.listen", e.getMessage() + "; expected \"ADDRESS:PORT\" or \"\" for off");
    }
  }

  private static LoggingSettings logging(SettingsReader r) throws ConfigError {
    String level = r.string("logging.level").toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw r.error("logging.level", "one of " + new TreeSet<>(LEVELS));
    }
    return new LoggingSettings(level);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ');
  }

  /** Every known key, for docs checks. */
  public static List<String> knownKeys() {
    Set<String> known = new TreeSet<>();
    Config reference = reference();
    reference.entrySet().forEach(e -> known.add(e.getKey()));
    collectNullKeys(reference, "", known);
    return new ArrayList<>(known);
  }
}
