package adot.core.iter;

import java.util.List;
import org.xbill.DNS.Record;

/** Test access to the package-private {@link RRsets}. */
public final class RRsetsAccess {
  private RRsetsAccess() {}

  public static int groupCount(List<Record> records) {
    return RRsets.group(records).size();
  }
}
