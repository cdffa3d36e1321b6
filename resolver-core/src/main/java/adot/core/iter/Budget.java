package adot.core.iter;

import adot.core.Answer;
import adot.core.ResolverOptions;
import adot.core.time.TimeSource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits one client question is held to, shared by all its sub-resolutions (PowerDNS {@code max-qperq}, {@code
 * max-ns-address-qperq}, {@code max-total-msec}): outgoing queries, NS-address look-ups (NXNSAttack, CVE-2020-12667),
 * and a deadline. Over a limit the resolution ends with SERVFAIL.
 */
public final class Budget {
  private final AtomicInteger queries = new AtomicInteger();
  private final AtomicInteger nsLookups = new AtomicInteger();
  private final int maxQueries;
  private final int maxNsLookups;
  private final long deadlineNanos;
  private final TimeSource time;

  public Budget(ResolverOptions options, TimeSource time) {
    this.maxQueries = options.maxQueriesPerQuestion();
    this.maxNsLookups = options.maxNsAddressLookups();
    this.time = time;
    this.deadlineNanos = time.nanoTime() + options.maxQuestionTime().toNanos();
  }

  /** Counts one outgoing query; throws when over the limit or past the deadline. */
  public void chargeQuery() {
    checkTime();
    if (queries.incrementAndGet() > maxQueries) {
      throw new ResolutionFailure(ResolutionFailure.Reason.MAX_QUERIES, Answer.EDE_OTHER,
          "more than " + maxQueries + " outgoing queries for one question");
    }
  }

  /** Counts one NS-name address look-up; throws when over the limit. */
  public void chargeNsLookup() {
    if (nsLookups.incrementAndGet() > maxNsLookups) {
      throw new ResolutionFailure(ResolutionFailure.Reason.MAX_NS_LOOKUPS, Answer.EDE_OTHER,
          "more than " + maxNsLookups + " name-server address look-ups for one question");
    }
  }

  public void checkTime() {
    if (remainingNanos() <= 0) {
      throw new ResolutionFailure(ResolutionFailure.Reason.TIMEOUT, Answer.EDE_NO_REACHABLE_AUTHORITY,
          "question took longer than its time budget");
    }
  }

  public long remainingNanos() {
    return deadlineNanos - time.nanoTime();
  }

  public int queriesSent() {
    return queries.get();
  }
}
