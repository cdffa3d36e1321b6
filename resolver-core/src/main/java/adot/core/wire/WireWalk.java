package adot.core.wire;

/**
 * Walks a DNS message in wire form (RFC 1035 §4.1) without parsing it into records: for hot paths that need only
 * offsets (a cached answer's TTL fields, the OPT record of a query about to be padded). Nothing here throws on bad
 * input: a message that does not parse gives {@code -1} or {@code null}.
 */
public final class WireWalk {
  /** Length of the message header. */
  public static final int HEADER = 12;

  private WireWalk() {}

  /** The unsigned 16-bit big-endian value at {@code at} (the caller checks that two bytes are there). */
  public static int u16(byte[] m, int at) {
    return (m[at] & 0xFF) << 8 | m[at + 1] & 0xFF;
  }

  /** The offset just after the (possibly compressed) name starting at {@code at}, or -1 if it runs off the end. */
  public static int skipName(byte[] m, int at) {
    int p = at;
    while (p >= 0 && p < m.length) {
      int len = m[p] & 0xFF;
      if (len == 0) {
        return p + 1;
      }
      if ((len & 0xC0) == 0xC0) {
        return p + 2 <= m.length ? p + 2 : -1; // a compression pointer ends the name
      }
      if (len > 63) {
        return -1; // the label types 0x40 and 0x80 are not in use
      }
      p += 1 + len;
    }
    return -1;
  }

  /**
   * Where each resource record after the question section starts (answer, authority and additional, in order), or
   * {@code null} if the header's counts do not match what follows. Bytes after the last record are allowed.
   */
  public static int[] recordStarts(byte[] m) {
    if (m.length < HEADER) {
      return null;
    }
    int questions = u16(m, 4);
    int records = u16(m, 6) + u16(m, 8) + u16(m, 10);
    if (HEADER + 5L * questions + 11L * records > m.length) {
      return null; // counts the bytes cannot hold (a record takes at least 11): no array sized by them
    }
    int[] starts = new int[records];
    int p = HEADER;
    for (int i = 0; i < questions; i++) {
      p = skipName(m, p);
      if (p < 0 || p + 4 > m.length) {
        return null;
      }
      p += 4;
    }
    for (int i = 0; i < starts.length; i++) {
      starts[i] = p;
      p = skipName(m, p);
      if (p < 0 || p + 10 > m.length) {
        return null;
      }
      p += 10 + u16(m, p + 8);
      if (p > m.length) {
        return null;
      }
    }
    return starts;
  }
}
