package adot.core.iter;

import adot.core.Answer;
import adot.core.Question;
import adot.core.ResolverOptions;
import adot.core.cache.CachedRRset;
import adot.core.cache.NegativeAnswer;
import adot.core.cache.NegativeCache;
import adot.core.cache.RecordCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The iterative algorithm (RFC 1034 §5.3.3): from the closest known zone cut, ask a server, follow referrals down,
 * follow CNAMEs across zones, cache what each reply proves. Asynchronous throughout: each step is a future that
 * completes on a network thread; nothing blocks. QNAME minimisation follows RFC 9156 in its relaxed form: an
 * intermediate name is asked with type A; an NXDOMAIN, CNAME, error or refusal for it makes this cut fall back to the
 * full name.
 */
public final class IterativeResolver {
  private final ResolverOptions options;
  private final RecordCache cache;
  private final NegativeCache negative;
  private final DelegationFinder finder;
  private final QuerySender sender;
  private final ServerPicker picker;
  private final ReplyCacher cacher;

  public IterativeResolver(
      ResolverOptions options,
      RecordCache cache,
      NegativeCache negative,
      DelegationFinder finder,
      QuerySender sender,
      adot.core.cache.ServerStats stats) {
    this.options = options;
    this.cache = cache;
    this.negative = negative;
    this.finder = finder;
    this.sender = sender;
    this.picker = new ServerPicker(stats, options.dontQuery(), options.queryIpv6(), options.maxDepth(), finder);
    this.cacher = new ReplyCacher(cache, negative);
  }

  /** Resolves a client question within {@code budget}, following CNAMEs. */
  public CompletableFuture<Outcome> resolve(Question q, Budget budget) {
    Set<Question> active = new HashSet<>();
    active.add(q);
    return lookup(q.name(), q.type(), budget, 0, active);
  }

  /** Answers from the cache alone, CNAMEs followed, or {@code null} if anything is missing. */
  public Outcome fromCache(Question q) {
    List<Record> answer = null;
    Name name = q.name();
    for (int i = 0; i <= options.maxCnameChain(); i++) {
      Step step = cachedStep(name, q.type());
      if (step == null) {
        return null;
      }
      if (answer == null && step.kind() != Step.Kind.CNAME) {
        return outcome(step, step.records()); // the common case: no chain, no copying
      }
      if (answer == null) {
        answer = new ArrayList<>();
      }
      answer.addAll(step.records());
      if (step.kind() != Step.Kind.CNAME) {
        return outcome(step, answer);
      }
      name = step.target();
    }
    return null;
  }

  private static Outcome outcome(Step step, List<Record> answer) {
    int rcode = step.kind() == Step.Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR;
    return new Outcome(rcode, answer, step.authority());
  }

  CompletableFuture<Outcome> lookup(Name name, int type, Budget budget, int depth, Set<Question> active) {
    return chain(name, type, budget, depth, active, new ArrayList<>(), new HashSet<>(List.of(name)));
  }

  private CompletableFuture<Outcome> chain(
      Name name, int type, Budget budget, int depth, Set<Question> active, List<Record> answer, Set<Name> seen) {
    Step cached = cachedStep(name, type);
    CompletableFuture<Step> step = cached != null
        ? CompletableFuture.completedFuture(cached)
        : iterate(name, type, budget, depth, active);
    return step.thenCompose(s -> {
      answer.addAll(s.records());
      if (answer.stream().filter(r -> r.getType() == Type.CNAME).count() > options.maxCnameChain()) {
        // counted in records, not steps: one reply may carry a whole chain, and the cache holds it link by link
        throw new ResolutionFailure(ResolutionFailure.Reason.MAX_CNAME_CHAIN, Answer.EDE_OTHER,
            "CNAME chain longer than " + options.maxCnameChain());
      }
      if (s.kind() != Step.Kind.CNAME) {
        return CompletableFuture.completedFuture(outcome(s, answer));
      }
      if (!seen.add(s.target())) {
        throw new ResolutionFailure(ResolutionFailure.Reason.CNAME_LOOP, Answer.EDE_OTHER,
            "CNAME loop at " + s.target());
      }
      return chain(s.target(), type, budget, depth, active, answer, seen);
    });
  }

  /** One name's outcome from the caches, or {@code null}. */
  private Step cachedStep(Name name, int type) {
    CachedRRset data = cache.getAnswerable(name, type);
    if (data != null) {
      return new Step(Step.Kind.DATA, data.records(), null, List.of());
    }
    if (type != Type.CNAME) {
      CachedRRset cname = cache.getAnswerable(name, Type.CNAME);
      if (cname != null && cname.records().get(0) instanceof CNAMERecord) {
        return new Step(Step.Kind.CNAME, cname.records(), ((CNAMERecord) cname.records().get(0)).getTarget(),
            List.of());
      }
    }
    NegativeAnswer neg = negative.get(name, type);
    if (neg != null) {
      return new Step(neg.nxdomain() ? Step.Kind.NXDOMAIN : Step.Kind.NODATA, List.of(), null, neg.soa());
    }
    return null;
  }

  private CompletableFuture<Step> iterate(Name name, int type, Budget budget, int depth, Set<Question> active) {
    Name cutFor = type == Type.DS && name.labels() > 1 ? new Name(name, 1) : name;
    IterationState st = new IterationState(finder.closest(cutFor), name, type, options.qnameMinimisation());
    return loop(st, budget, depth, active);
  }

  private CompletableFuture<Step> loop(IterationState st, Budget budget, int depth, Set<Question> active) {
    budget.checkTime();
    return picker.next(st, budget, depth, active, this::lookup).thenCompose(target -> {
      if (target == null && st.tried.isEmpty() && !st.parentFallbackUsed && st.cut.zone().labels() > 1) {
        // No address for any server of this cut (e.g. in-zone NS addresses expired before the NS set): start
        // again from the parent's cut, whose referral carries fresh glue, as Unbound and PowerDNS do. Once.
        st.parentFallbackUsed = true;
        st.moveTo(finder.closest(new Name(st.cut.zone(), 1)));
        return loop(st, budget, depth, active);
      }
      if (target == null) {
        throw new ResolutionFailure(ResolutionFailure.Reason.NO_REACHABLE_AUTHORITY,
            Answer.EDE_NO_REACHABLE_AUTHORITY, "no server of " + st.cut.zone() + " answered for " + st.qname);
      }
      Name sendName = st.minimise ? minimisedName(st) : st.qname;
      int sendType = sendName.equals(st.qname) ? st.qtype : Type.A;
      return sender.exchange(budget, target, sendName, sendType)
          .handle((reply, error) -> {
            if (error != null) {
              Throwable cause = ServerPicker.unwrap(error);
              if (cause instanceof ResolutionFailure f) {
                throw f;
              }
              st.tried.add(target.address()); // timeout, refused, malformed: next server
              return loop(st, budget, depth, active);
            }
            return onReply(st, target, reply, sendName, sendType, budget, depth, active);
          })
          .thenCompose(f -> f);
    });
  }

  private CompletableFuture<Step> onReply(IterationState st, Target target, Message reply, Name sendName,
      int sendType, Budget budget, int depth, Set<Question> active) {
    ScrubbedReply r = Scrubber.scrub(reply, st.cut.zone(), sendName, sendType);
    // TC after the retry over TCP/DoT: the reply is incomplete, cache nothing from it and ask another server
    ReplyKind kind = r.truncated() ? ReplyKind.SERVER_FAILURE : ResponseClassifier.classify(r, st.cut.zone());
    boolean minimised = sendType != st.qtype || !sendName.equals(st.qname);
    switch (kind) {
      case REFERRAL -> {
        if (st.qtype == Type.DS && !minimised && r.nameServerOwner().equals(st.qname)) {
          // The parent side of a cut is authoritative for DS (RFC 4035 §3.1.4.1). A server that refers a DS query
          // to the name itself is not; following it would ask the child, which answers from the wrong side of the
          // cut. Lame for this question: try another server of the parent.
          st.tried.add(target.address());
          return loop(st, budget, depth, active);
        }
        cacher.referral(r);
        st.moveTo(new DelegationPoint(r.nameServerOwner(), finder.serversOf(r.nameServers(), r.glue())));
        return loop(st, budget, depth, active);
      }
      case ANSWER, NODATA -> {
        if (minimised) {
          // the intermediate name exists (RFC 9156 §3: an ENT or a node with data); go one label further
          if (kind == ReplyKind.ANSWER) {
            cacher.answer(r);
          }
          st.knownDown = sendName;
          return loop(st, budget, depth, active);
        }
        if (kind == ReplyKind.ANSWER) {
          cacher.answer(r);
          return done(Step.Kind.DATA, concat(r.cnameChain(), r.data()), null, List.of());
        }
        cacher.nodata(r, st.qtype);
        return done(Step.Kind.NODATA, r.cnameChain(), null, soa(r));
      }
      case CNAME -> {
        if (minimised) {
          st.minimise = false;
          return loop(st, budget, depth, active);
        }
        cacher.answer(r);
        return done(Step.Kind.CNAME, r.cnameChain(), r.finalName(), List.of());
      }
      case NXDOMAIN -> {
        if (minimised) {
          st.minimise = false; // relaxed mode: some servers answer NXDOMAIN for empty non-terminals
          return loop(st, budget, depth, active);
        }
        cacher.nxdomain(r);
        return done(Step.Kind.NXDOMAIN, r.cnameChain(), null, soa(r));
      }
      case LAME, FORMERR -> {
        if (minimised) {
          st.minimise = false; // RFC 9156 §2.3 fallback: retry the same server with the full name
        } else {
          st.tried.add(target.address());
        }
        return loop(st, budget, depth, active);
      }
      default -> {
        st.tried.add(target.address());
        return loop(st, budget, depth, active);
      }
    }
  }

  /** The next name to ask under RFC 9156: one label more than the deepest name known to exist. */
  private Name minimisedName(IterationState st) {
    int extra = st.qname.labels() - st.knownDown.labels();
    if (extra <= 1 || ++st.minimiseSteps > MAX_MINIMISE_COUNT) {
      return st.qname;
    }
    return new Name(st.qname, extra - 1);
  }

  /** RFC 9156 §2.3 MAX_MINIMISE_COUNT: after this many minimised queries for one name, ask the full name. */
  static final int MAX_MINIMISE_COUNT = 10;

  /** A finished step; its records get the TTLs the cache would give them (a client sees the same on a cache hit). */
  private CompletableFuture<Step> done(Step.Kind kind, List<Record> records, Name target, List<Record> auth) {
    List<Record> answer = RRsets.withCacheTtls(records, options.cache().maxTtl().toSeconds());
    return CompletableFuture.completedFuture(new Step(kind, List.copyOf(answer), target, auth));
  }

  /** The SOA for a negative answer, its TTL set to the negative TTL (RFC 2308 §3, §5), capped. */
  private List<Record> soa(ScrubbedReply r) {
    if (r.soa() == null) {
      return List.of();
    }
    long ttl = Math.min(Math.min(r.soa().getTTL(), r.soa().getMinimum()), options.cache().maxNegativeTtl().toSeconds());
    return List.of(org.xbill.DNS.RecordTtl.withTtl(r.soa(), ttl));
  }

  private static List<Record> concat(List<Record> a, List<Record> b) {
    if (a.isEmpty()) {
      return b;
    }
    List<Record> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
