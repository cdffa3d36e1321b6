package adot.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Generates the settings reference of {@code docs/configuration.md} from {@code reference.conf}: every key, its
 * default and the comment above it, in file order. A test compares the generated text with the committed file, so
 * the two cannot drift.
 */
public final class ConfigDocs {
  public static final String BEGIN = "<!-- BEGIN GENERATED from config/src/main/resources/reference.conf -->";
  public static final String END = "<!-- END GENERATED -->";

  private ConfigDocs() {}

  /** The generated Markdown, between {@link #BEGIN} and {@link #END}. */
  public static String generate() {
    Config reference = ConfigLoader.reference();
    StringBuilder out = new StringBuilder(BEGIN).append('\n');
    for (String section : ConfigLoader.SECTIONS) {
      out.append("\n### `").append(section).append("`\n\n| key | default | what it does |\n|---|---|---|\n");
      List<Map.Entry<String, ConfigValue>> leaves = new ArrayList<>();
      collect(reference.getObject(section), section, leaves);
      leaves.sort(Comparator.comparingInt(e -> e.getValue().origin().lineNumber()));
      for (Map.Entry<String, ConfigValue> e : leaves) {
        out.append("| `").append(e.getKey()).append("` | `").append(render(e.getValue())).append("` | ")
            .append(String.join(" ", e.getValue().origin().comments().stream().map(String::trim).toList())
                .replace("|", "\\|"))
            .append(" |\n");
      }
    }
    return out.append('\n').append(END).toString();
  }

  private static void collect(ConfigObject object, String prefix, List<Map.Entry<String, ConfigValue>> into) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String key = prefix + "." + e.getKey();
      if (e.getValue().valueType() == ConfigValueType.OBJECT) {
        collect((ConfigObject) e.getValue(), key, into);
      } else {
        into.add(Map.entry(key, e.getValue()));
      }
    }
  }

  private static String render(ConfigValue v) {
    String s = v.render(ConfigRenderOptions.concise());
    return s;
  }

  /** Prints the generated reference. */
  public static void main(String[] args) {
    System.out.println(generate());
  }
}
