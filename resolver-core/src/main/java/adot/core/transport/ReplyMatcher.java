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
    return reply.getHeader().getID() == query.getHeader().getID() && answers(query.getQuestion(), reply);
  }

  /**
   * The same test without the ID, for a transport that matches IDs itself (DoT, where a query may travel under another
   * ID than its own): QR set, and {@code question} in the reply or an error reply without a question section.
   */
  public static boolean answers(Record question, Message reply) {
    if (!reply.getHeader().getFlag(org.xbill.DNS.Flags.QR)) {
      return false;
    }
    Record r = reply.getQuestion();
    if (r == null) {
      int rcode = reply.getRcode();
      return (rcode == Rcode.FORMERR || rcode == Rcode.NOTIMP || rcode == Rcode.REFUSED || rcode == Rcode.SERVFAIL)
          && reply.getHeader().getCount(org.xbill.DNS.Section.ANSWER) == 0;
    }
    return question != null
        && question.getType() == r.getType()
        && question.getDClass() == r.getDClass()
        && question.getName().equals(r.getName());
  }
}
