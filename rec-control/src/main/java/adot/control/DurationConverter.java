package adot.control;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses {@code --timeout}: {@code 500ms}, {@code 5s}, {@code 2m}, a bare number of seconds, or ISO-8601 {@code PT5S}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Duration d;
    Matcher m = SIMPLE.matcher(v);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      d = unit.equals("ms") ? Duration.ofMillis(amount) : unit.equals("m") ? Duration.ofMinutes(amount)
          : Duration.ofSeconds(amount);
    } else {
      try {
        d = Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (try 500ms, 5s or 2m)");
      }
    }
    if (d.isZero() || d.isNegative()) {
      throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
    }
    return d;
  }
}
