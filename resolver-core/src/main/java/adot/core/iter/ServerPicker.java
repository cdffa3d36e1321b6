package adot.core.iter;

import adot.core.Answer;
import adot.core.Question;
import adot.core.cache.ServerStats;
import adot.core.net.AddressFilter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Chooses the next server to ask at a zone cut: the untried, non-throttled address with the lowest smoothed RTT (ties
 * broken at random to spread load), skipping {@code dont-query} addresses. When no address is known it resolves the
 * address of one more NS name (glueless delegation), charged to the question's NS-lookup budget, with cycle
 * detection through the set of questions already being resolved up the stack.
 */
final class ServerPicker {
  /** Resolves a name (used for NS addresses); implemented by the iterative resolver. */
  interface Lookup {
    CompletableFuture<Outcome> lookup(Name name, int type, Budget budget, int depth, Set<Question> active);
  }

  private final ServerStats stats;
  private final AddressFilter dontQuery;
  private final boolean ipv6;
  private final int maxDepth;
  private final DelegationFinder finder;

  ServerPicker(ServerStats stats, AddressFilter dontQuery, boolean ipv6, int maxDepth, DelegationFinder finder) {
    this.stats = stats;
    this.dontQuery = dontQuery;
    this.ipv6 = ipv6;
    this.maxDepth = maxDepth;
    this.finder = finder;
  }

  /** The next target, or {@code null} when every server of the cut has been tried or is unreachable. */
  CompletableFuture<Target> next(
      IterationState st, Budget budget, int depth, Set<Question> active, Lookup lookup) {
    Target best = bestKnown(st);
    if (best != null) {
      return CompletableFuture.completedFuture(best);
    }
    NameServer unresolved = nextUnresolved(st, active);
    if (unresolved == null) {
      return CompletableFuture.completedFuture(null);
    }
    st.nsNamesLookedUp.add(unresolved.name());
    if (depth + 1 > maxDepth) {
      throw new ResolutionFailure(ResolutionFailure.Reason.MAX_DEPTH, Answer.EDE_OTHER,
          "recursion deeper than " + maxDepth);
    }
    budget.chargeNsLookup();
    Set<Question> nested = new HashSet<>(active);
    Question q = Question.of(unresolved.name(), Type.A);
    nested.add(q);
    return lookup.lookup(q.name(), Type.A, budget, depth + 1, nested)
        .handle((outcome, error) -> {
          if (error != null && ResolutionFailure.class.isInstance(unwrap(error))
              && isQuestionWide((ResolutionFailure) unwrap(error))) {
            throw (ResolutionFailure) unwrap(error);
          }
          List<InetAddress> found = outcome == null ? List.of() : addresses(outcome.answer());
          if (found.isEmpty()) {
            found = finder.addressesOf(unresolved.name());
          }
          replaceServer(st, new NameServer(unresolved.name(), found));
          return (Void) null;
        })
        .thenCompose(v -> next(st, budget, depth, active, lookup));
  }

  private Target bestKnown(IterationState st) {
    Target best = null;
    double bestScore = Double.MAX_VALUE;
    for (NameServer ns : st.cut.servers()) {
      for (InetAddress a : ns.addresses()) {
        if (st.tried.contains(a) || dontQuery.matches(a) || (!ipv6 && a.getAddress().length != 4)) {
          continue;
        }
        double score = stats.smoothedRttMicros(a) + (stats.isThrottled(a) ? 1e12 : 0)
            + ThreadLocalRandom.current().nextDouble(); // random tie-break among equals
        if (best == null || score < bestScore) {
          bestScore = score;
          best = new Target(a, ns.name(), st.cut.zone());
        }
      }
    }
    return best;
  }

  private static NameServer nextUnresolved(IterationState st, Set<Question> active) {
    for (NameServer ns : st.cut.servers()) {
      if (ns.addresses().isEmpty()
          && !st.nsNamesLookedUp.contains(ns.name())
          && !active.contains(Question.of(ns.name(), Type.A))) {
        return ns;
      }
    }
    return null;
  }

  private static void replaceServer(IterationState st, NameServer updated) {
    List<NameServer> servers = new ArrayList<>(st.cut.servers());
    servers.replaceAll(ns -> ns.name().equals(updated.name()) ? updated : ns);
    st.cut = new DelegationPoint(st.cut.zone(), servers);
  }

  private static List<InetAddress> addresses(List<Record> answer) {
    List<InetAddress> out = new ArrayList<>();
    for (Record r : answer) {
      if (r instanceof ARecord a) {
        out.add(a.getAddress());
      } else if (r instanceof AAAARecord aaaa) {
        out.add(aaaa.getAddress());
      }
    }
    return out;
  }

  /** Failures that end the whole question, not just this NS name's look-up. */
  private static boolean isQuestionWide(ResolutionFailure f) {
    return switch (f.reason()) {
      case MAX_QUERIES, MAX_NS_LOOKUPS, TIMEOUT, MAX_DEPTH -> true;
      default -> false;
    };
  }

  static Throwable unwrap(Throwable t) {
    return adot.core.Futures.unwrap(t);
  }
}
