package adot.config;

import adot.core.net.AddressFilter;
import adot.core.net.Cidr;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed access to the merged configuration, turning every problem into a {@link ConfigError} that names the file
 * and line the value came from, the key, the value, and what was expected.
 */
final class SettingsReader {
  private final Config config;
  private final String fileName;

  SettingsReader(Config config, String fileName) {
    this.config = config;
    this.fileName = fileName;
  }

  int integer(String key, int min, int max) throws ConfigError {
    long v = number(key);
    if (v < min || v > max) {
      throw error(key, "a whole number from " + min + " to " + max);
    }
    return (int) v;
  }

  long size(String key) throws ConfigError {
    long v = number(key);
    if (v <= 0) {
      throw error(key, "a positive count");
    }
    return v;
  }

  private long number(String key) throws ConfigError {
    try {
      return config.getLong(key);
    } catch (ConfigException e) {
      throw error(key, "a whole number");
    }
  }

  boolean bool(String key) throws ConfigError {
    try {
      return config.getBoolean(key);
    } catch (ConfigException e) {
      throw error(key, "true or false");
    }
  }

  private static final Duration MIN_DURATION = Duration.ofMillis(1);

  Duration duration(String key, boolean zeroAllowed) throws ConfigError {
    Duration d;
    try {
      d = config.getDuration(key);
    } catch (ConfigException e) {
      throw error(key, "a duration such as 1500ms, 10s, 5m, 24h or 3d");
    }
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw error(key, zeroAllowed ? "a duration of 0 or more" : "a duration above 0");
    }
    if (!d.isZero() && d.compareTo(MIN_DURATION) < 0) {
      // Timers here count whole milliseconds: 500us would become 0, a busy loop or an exception at start.
      throw error(key, zeroAllowed ? "0, or a duration of at least 1ms" : "a duration of at least 1ms");
    }
    return d;
  }

  /** A duration, or {@code null} when the key is set to null. */
  Duration optionalDuration(String key, boolean zeroAllowed) throws ConfigError {
    return config.getIsNull(key) ? null : duration(key, zeroAllowed);
  }

  String string(String key) throws ConfigError {
    try {
      return config.getString(key);
    } catch (ConfigException e) {
      throw error(key, "a string");
    }
  }

  /** A string that may be null (unset). */
  String optionalString(String key) throws ConfigError {
    if (config.getIsNull(key)) {
      return null;
    }
    String s = string(key);
    return s.isBlank() ? null : s;
  }

  Path optionalPath(String key) throws ConfigError {
    String s = optionalString(key);
    return s == null ? null : Path.of(s);
  }

  List<String> strings(String key) throws ConfigError {
    try {
      return config.getStringList(key);
    } catch (ConfigException e) {
      throw error(key, "a list of strings, e.g. [\"a\", \"b\"]");
    }
  }

  AddressFilter cidrs(String key) throws ConfigError {
    return new AddressFilter(each(key, Cidr::parse, "a CIDR network such as \"10.0.0.0/8\" or \"::1/128\""));
  }

  List<ListenAddress> listenAddresses(String key) throws ConfigError {
    List<ListenAddress> out = each(key, ListenAddress::parse, "\"ADDRESS:PORT\" such as \"127.0.0.1:53\" or \"[::1]:53\"");
    if (out.isEmpty()) {
      throw error(key, "at least one address");
    }
    return out;
  }

  <T> List<T> each(String key, Function<String, T> parser, String expected) throws ConfigError {
    List<T> out = new ArrayList<>();
    for (String s : strings(key)) {
      try {
        out.add(parser.apply(s));
      } catch (IllegalArgumentException e) {
        throw new ConfigError(where(key) + "key '" + key + "' has value '" + s + "': " + e.getMessage()
            + "; expected " + expected);
      }
    }
    return out;
  }

  /** An error for a value that does not fit. */
  ConfigError error(String key, String expected) {
    return new ConfigError(where(key) + "key '" + key + "' has value " + shown(key) + ", expected " + expected);
  }

  /** An error raised by a module's own validation of values that each fit on their own. */
  ConfigError invalid(String key, String reason) {
    return new ConfigError(where(key) + "key '" + key + "' has value " + shown(key) + ": " + reason);
  }

  private String shown(String key) {
    if (!config.hasPathOrNull(key)) {
      return "(missing)";
    }
    if (config.getIsNull(key)) {
      return "null";
    }
    ConfigValue v = config.getValue(key);
    String text = v.valueType() == ConfigValueType.STRING ? "'" + v.unwrapped() + "'" : v.render();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  private String where(String key) {
    String origin = fileName;
    if (config.hasPathOrNull(key) && !config.getIsNull(key)) {
      var o = config.getValue(key).origin();
      if (o.lineNumber() > 0 && o.filename() != null) {
        return o.filename() + ":" + o.lineNumber() + ": ";
      }
      if (o.resource() != null) {
        origin = "built-in defaults (" + o.resource() + ")";
      }
    }
    return origin + ": ";
  }
}
