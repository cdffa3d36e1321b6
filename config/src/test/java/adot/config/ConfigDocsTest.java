package adot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {
  private static final Path DOC = Path.of("../docs/configuration.md");

  /**
   * docs/configuration.md must hold exactly what reference.conf says. To refresh it after changing reference.conf:
   * {@code ./mvnw -q -pl config -am test -Dtest=ConfigDocsTest -Dsurefire.failIfNoSpecifiedTests=false
   * -Dadot.updateDocs=true}.
   */
  @Test
  void generate_matchesCommittedDocs() throws Exception {
    String doc = Files.readString(DOC);
    int begin = doc.indexOf(ConfigDocs.BEGIN);
    int end = doc.indexOf(ConfigDocs.END);
    assertThat(begin).as("generated-section markers in " + DOC).isGreaterThanOrEqualTo(0);
    assertThat(end).isGreaterThan(begin);
    String committed = doc.substring(begin, end + ConfigDocs.END.length());
    String generated = ConfigDocs.generate();
    if (Boolean.getBoolean("adot.updateDocs") && !committed.equals(generated)) {
      Files.writeString(DOC, doc.substring(0, begin) + generated + doc.substring(end + ConfigDocs.END.length()));
      committed = generated;
    }
    assertThat(committed).as("docs/configuration.md is out of date with reference.conf (see this test's Javadoc)")
        .isEqualTo(generated);
  }

  @Test
  void generate_listsEveryKnownKeyWithADescription() {
    String generated = ConfigDocs.generate();
    for (String key : ConfigLoader.knownKeys()) {
      assertThat(generated).contains("| `" + key + "` |");
    }
    assertThat(generated).doesNotContain("` |  |");
  }
}
