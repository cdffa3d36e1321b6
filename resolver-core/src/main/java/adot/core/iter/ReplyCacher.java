package adot.core.iter;

import adot.core.cache.Credibility;
import adot.core.cache.NegativeCache;
import adot.core.cache.RecordCache;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * Writes what a scrubbed reply proves into the caches, each part with its RFC 2181 §5.4.1 rank: answer data and
 * CNAMEs as authoritative answers, the NS set of a referral as non-authoritative authority data, glue as additional
 * data, negative answers per RFC 2308.
 */
final class ReplyCacher {
  private final RecordCache cache;
  private final NegativeCache negative;

  ReplyCacher(RecordCache cache, NegativeCache negative) {
    this.cache = cache;
    this.negative = negative;
  }

  void referral(ScrubbedReply r) {
    cache.put(List.copyOf(r.nameServers()), Credibility.NON_AUTH_AUTHORITY);
    glue(r);
  }

  void answer(ScrubbedReply r) {
    for (List<Record> set : RRsets.group(r.cnameChain())) {
      cache.put(set, Credibility.AUTH_ANSWER);
    }
    for (List<Record> set : RRsets.group(r.data())) {
      cache.put(set, Credibility.AUTH_ANSWER);
    }
    if (r.authoritative() && !r.nameServers().isEmpty()) {
      cache.put(List.copyOf(r.nameServers()), Credibility.AUTH_AUTHORITY);
    }
    glue(r);
  }

  void nxdomain(ScrubbedReply r) {
    answer(r);
    negative.putNxdomain(r.finalName(), r.soa());
  }

  void nodata(ScrubbedReply r, int type) {
    answer(r);
    negative.putNodata(r.finalName(), type, r.soa());
  }

  private void glue(ScrubbedReply r) {
    for (List<Record> set : RRsets.group(r.glue())) {
      cache.put(set, Credibility.ADDITIONAL);
    }
  }
}
