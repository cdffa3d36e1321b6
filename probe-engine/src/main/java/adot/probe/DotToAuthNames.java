package adot.probe;

import java.util.Collection;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * The {@code dot-to-auth-names} suffixes: a name server whose name is one of them or below one of them is always
 * queried over DoT. Matching walks the name's ancestors through a hash set: O(labels), not O(suffixes).
 */
final class DotToAuthNames {
  private final Set<Name> suffixes;

  DotToAuthNames(Collection<Name> suffixes) {
    this.suffixes = Set.copyOf(suffixes);
  }

  /** Whether {@code nsName} (case-insensitive) is at or below one of the suffixes; {@code null} never matches. */
  boolean matches(Name nsName) {
    if (nsName == null || suffixes.isEmpty()) {
      return false;
    }
    int labels = nsName.labels();
    for (int strip = 0; strip < labels; strip++) {
      Name ancestor = strip == 0 ? nsName : new Name(nsName, strip);
      if (suffixes.contains(ancestor)) {
        return true;
      }
    }
    return false;
  }
}
