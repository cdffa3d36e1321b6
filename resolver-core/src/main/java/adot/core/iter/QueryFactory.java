package adot.core.iter;

import java.security.SecureRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Builds queries to authoritative servers: RD clear (iterative), a random 16-bit ID from a CSPRNG (RFC 5452 §9.2),
 * and EDNS(0) with the configured UDP payload size (RFC 6891) unless the server is known not to support it.
 */
public final class QueryFactory {
  /**
   * One DRBG per thread: unpredictable IDs without the global lock of the default NativePRNG, which serialises every
   * call on /dev/urandom.
   */
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(QueryFactory::newRandom);

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  private final int ednsBufferSize;

  public QueryFactory(int ednsBufferSize) {
    this.ednsBufferSize = ednsBufferSize;
  }

  public Message query(Name name, int type, boolean edns) {
    Message m = new Message(RANDOM.get().nextInt(0x10000));
    m.getHeader().unsetFlag(Flags.RD);
    m.addRecord(Record.newRecord(name, type, DClass.IN), Section.QUESTION);
    if (edns) {
      m.addRecord(new OPTRecord(ednsBufferSize, 0, 0, 0), Section.ADDITIONAL);
    }
    return m;
  }
}
