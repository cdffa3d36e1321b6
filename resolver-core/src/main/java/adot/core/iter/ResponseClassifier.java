package adot.core.iter;

import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Classifies a scrubbed reply (Unbound's {@code response_type_from_server}): answer, CNAME, referral, NXDOMAIN,
 * NODATA, lame or error. Data answers must carry AA (RFC 1034 §4.3.1: only authoritative data ends an iteration); a
 * referral must point strictly below the zone asked, else it is an upward or sideways referral and the server lame.
 */
public final class ResponseClassifier {
  private ResponseClassifier() {}

  public static ReplyKind classify(ScrubbedReply reply, Name zone) {
    switch (reply.rcode()) {
      case Rcode.NOERROR:
        break;
      case Rcode.NXDOMAIN:
        if (!reply.authoritative()) {
          return ReplyKind.LAME;
        }
        // The rcode speaks of the chain's last name (RFC 6604 §2.1). Of a name outside its zone the server knows
        // nothing: its rcode is outside the server's bailiwick as much as its records would be. Follow the chain and
        // ask that name's own servers.
        // A chain longer than the scrubber follows in one reply: the name the rcode speaks of is further down.
        return reply.cnameChain().isEmpty() || (reply.finalName().subdomain(zone) && !reply.chainCut())
            ? ReplyKind.NXDOMAIN : ReplyKind.CNAME;
      case Rcode.REFUSED:
      case Rcode.NOTAUTH:
      case Rcode.NOTIMP:
        return ReplyKind.LAME;
      case Rcode.FORMERR:
        return ReplyKind.FORMERR;
      default:
        return ReplyKind.SERVER_FAILURE;
    }
    if (!reply.data().isEmpty()) {
      return reply.authoritative() ? ReplyKind.ANSWER : ReplyKind.LAME;
    }
    if (!reply.cnameChain().isEmpty()) {
      return reply.authoritative() ? ReplyKind.CNAME : ReplyKind.LAME;
    }
    Name nsOwner = reply.nameServerOwner();
    boolean delegatesBelow = nsOwner != null && nsOwner.subdomain(zone) && !nsOwner.equals(zone);
    // Some servers set AA on referrals too; NS records of a child and no SOA are a referral all the same (as Unbound
    // reads them), not an empty answer.
    if (delegatesBelow && (!reply.authoritative() || reply.soa() == null)) {
      return ReplyKind.REFERRAL;
    }
    return reply.authoritative() ? ReplyKind.NODATA : ReplyKind.LAME;
  }
}
