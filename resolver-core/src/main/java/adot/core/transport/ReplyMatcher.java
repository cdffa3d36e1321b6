package adot.core.transport;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Decides whether a reply belongs to a query (RFC 5452 §9.1): same ID, QR set, and the same question (name compared
 * case-insensitively, type, class). An error reply without a question section is accepted when its ID matches, since
 * some servers strip the question from FORMERR/NOTIMP replies: only FORMERR, NOTIMP, REFUSED and SERVFAIL without
 * answers are accepted so, and such a reply carries no data to cache.
 */
public final class ReplyMatcher {
  private ReplyMatcher() {}

  public static boolean matches(Message query, Message reply) {
    if (reply.getHeader().getID() != query.getHeader().getID() || !reply.getHeader().getFlag(org.xbill.DNS.Flags.QR)) {
      return false;
    }
    Record q = query.getQuestion();
    Record r = reply.getQuestion();
    if (r == null) {
      int rcode = reply.getRcode();
      return (rcode == Rcode.FORMERR || rcode == Rcode.NOTIMP || rcode == Rcode.REFUSED || rcode == Rcode.SERVFAIL)
          && reply.getHeader().getCount(org.xbill.DNS.Section.ANSWER) == 0;
    }
    return q != null
        && q.getType() == r.getType()
        && q.getDClass() == r.getDClass()
        && q.getName().equals(r.getName());
  }
}
