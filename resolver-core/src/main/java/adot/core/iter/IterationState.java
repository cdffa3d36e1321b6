package adot.core.iter;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * The mutable state of one iteration towards one name: the current zone cut, the servers already tried there, and
 * QNAME-minimisation progress. Owned by a single chain of futures, so it is never touched by two threads at once.
 */
final class IterationState {
  final Name qname;
  final int qtype;
  DelegationPoint cut;
  /** The deepest name known to exist on the way down (RFC 9156 §2.3); starts at the cut. */
  Name knownDown;
  boolean minimise;
  int minimiseSteps;
  /** Whether this iteration already fell back from an unreachable cut to its parent's. */
  boolean parentFallbackUsed;
  final Set<InetAddress> tried = new HashSet<>();
  final Set<Name> nsNamesLookedUp = new HashSet<>();

  IterationState(DelegationPoint cut, Name qname, int qtype, boolean minimise) {
    this.cut = cut;
    this.qname = qname;
    this.qtype = qtype;
    this.knownDown = cut.zone();
    this.minimise = minimise;
  }

  void moveTo(DelegationPoint next) {
    cut = next;
    knownDown = next.zone();
    tried.clear();
    nsNamesLookedUp.clear();
  }
}
