package adot.core;

import java.util.Objects;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A DNS question: name, type and class. Names compare case-insensitively (dnsjava's {@link Name#equals}).
 *
 * @param name absolute name
 * @param type RR type ({@link Type})
 * @param dclass class, IN for everything the resolver recurses for
 */
public record Question(Name name, int type, int dclass) {

  public Question {
    Objects.requireNonNull(name, "name");
    if (!name.isAbsolute()) {
      throw new IllegalArgumentException("name must be absolute: " + name);
    }
  }

  /** A question of class IN. */
  public static Question of(Name name, int type) {
    return new Question(name, type, DClass.IN);
  }

  /** A question of class IN from text such as {@code "www.example.com."}. */
  public static Question of(String name, int type) {
    return of(Name.fromConstantString(name.endsWith(".") ? name : name + "."), type);
  }

  @Override
  public String toString() {
    return name + " " + Type.string(type) + (dclass == DClass.IN ? "" : " " + DClass.string(dclass));
  }
}
