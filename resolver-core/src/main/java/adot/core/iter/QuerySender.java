package adot.core.iter;

import adot.core.Futures;
import adot.core.cache.ServerStats;
import adot.core.transport.Transport;
import adot.core.transport.TransportAdvisor;
import adot.core.transport.Upstream;
import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import adot.core.transport.UpstreamRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * One exchange with one authoritative server, with the retries that belong to that server: the transport the {@link
 * TransportAdvisor} picks (a failed DoT exchange is resent over Do53 at once, so the client never sees it; a DoT
 * timeout is reported to the advisor only once the server has answered that resend; not resent for
 * {@link TransportAdvisor.Choice#DOT_ONLY}, where the failure is the server's and the next one is tried), TCP after
 * a truncated UDP reply (RFC 1035 §4.2.1, RFC 7766), and a query without EDNS after FORMERR to one with it (RFC 6891
 * §7). Every query sent is charged to the question's {@link Budget}; replies and timeouts feed {@link ServerStats}.
 *
 * <p>A query gets {@code timeout}; over DoT, a query that waits for a new connection gets it from the moment it is
 * written, the TCP and TLS set-up having up to {@code timeout} before that ({@link UpstreamRequest#setupAllowance()}):
 * a distant server needs three round trips on a new connection, and one lost packet there costs a second.
 * The server's smoothed RTT is fed the query's own round trip, not the connection set-up it waited for.
 */
public final class QuerySender {
  private static final Runnable NOTHING = () -> {};
  private final Upstream upstream;
  private final TransportAdvisor advisor;
  private final ServerStats stats;
  private final QueryFactory queries;
  private final Duration timeout;
  private final Counter dotFallbacks;

  public QuerySender(Upstream upstream, TransportAdvisor advisor, ServerStats stats, QueryFactory queries,
      Duration timeout, MeterRegistry registry) {
    this.upstream = upstream;
    this.advisor = advisor;
    this.stats = stats;
    this.queries = queries;
    this.timeout = timeout;
    this.dotFallbacks = Counter.builder("adot.dot.fallbacks")
        .description("Queries resent over Do53 at once because the DoT exchange failed").register(registry);
  }

  /** Asks {@code target} for name/type; completes with the (unscrubbed) reply or an {@link UpstreamException}. */
  public CompletableFuture<Message> exchange(Budget budget, Target target, Name name, int type) {
    TransportAdvisor.Choice choice = advisor.transportFor(target.address(), target.zone(), target.nsName());
    if (choice == TransportAdvisor.Choice.DOT_ONLY) {
      return dotOnly(budget, target, name, type);
    }
    if (choice == TransportAdvisor.Choice.DOT) {
      budget.chargeQuery();
      Message q = queries.query(name, type, true);
      return send(target, q, Transport.DOT)
          .thenApply(r -> {
            advisor.dotSucceeded(target.address());
            return r.message();
          })
          .exceptionallyCompose(e -> {
            UpstreamException failure = upstreamFailure(e);
            if (failure == null) {
              return CompletableFuture.failedFuture(e);
            }
            dotFallbacks.increment();
            if (failure.kind() != UpstreamException.Kind.TIMEOUT) {
              advisor.dotFailed(target.address(), target.zone(), failure);
              return plain(budget, target, name, type); // RFC 9539 §4.2: fall back to cleartext at once
            }
            // A timeout is held against DoT only if the server answers the same question over Do53 (its first reply,
            // even one that leads to a TCP or no-EDNS retry): a server that is down, or slow to answer this name, is
            // no reason to stop using DoT with it.
            AtomicBoolean reported = new AtomicBoolean();
            return plain(budget, target, name, type, () -> {
              if (reported.compareAndSet(false, true)) {
                advisor.dotFailed(target.address(), target.zone(), failure);
              }
            });
          });
    }
    return plain(budget, target, name, type);
  }

  /**
   * Over DoT and nothing else (the operator's {@code dot-to-auth-names}): a failure fails this server for the query,
   * and a timeout or a failure held against the server ({@link UpstreamException#serverAtFault()}: refused, a failed
   * handshake...) counts against its RTT as a Do53 timeout does, so that the next question tries another server of the
   * zone first. The advisor hears nothing: its table is about opportunistic DoT, which these servers do not use.
   */
  private CompletableFuture<Message> dotOnly(Budget budget, Target target, Name name, int type) {
    budget.chargeQuery();
    return send(target, queries.query(name, type, true), Transport.DOT).handle((reply, error) -> {
      if (reply != null) {
        return reply.message();
      }
      UpstreamException failure = upstreamFailure(error);
      if (failure != null && (failure.kind() == UpstreamException.Kind.TIMEOUT || failure.serverAtFault())) {
        stats.recordTimeout(target.address(), timeout);
      }
      throw error instanceof CompletionException c ? c : new CompletionException(error);
    });
  }

  private CompletableFuture<Message> plain(Budget budget, Target target, Name name, int type) {
    return plain(budget, target, name, type, NOTHING);
  }

  /** Over Do53, with the retries that belong there; {@code onReply} runs on each reply the server sends. */
  private CompletableFuture<Message> plain(Budget budget, Target target, Name name, int type, Runnable onReply) {
    budget.chargeQuery();
    boolean edns = !stats.noEdns(target.address());
    Message q = queries.query(name, type, edns);
    advisor.visited(target.address(), target.zone(), target.nsName());
    BiFunction<Message, Transport, CompletableFuture<UpstreamReply>> send = onReply == NOTHING
        ? (query, transport) -> send(target, query, transport) // the common case: no extra stage per query
        : (query, transport) -> send(target, query, transport).whenComplete((reply, error) -> {
          if (reply != null) {
            onReply.run();
          }
        });
    return send.apply(q, Transport.DO53_UDP).thenCompose(reply -> {
      Message m = reply.message();
      if (m.getHeader().getFlag(Flags.TC)) {
        budget.chargeQuery();
        return send.apply(queries.query(name, type, edns), Transport.DO53_TCP).thenApply(UpstreamReply::message);
      }
      if (edns && m.getRcode() == Rcode.FORMERR && m.getOPT() == null) {
        budget.chargeQuery();
        return send.apply(queries.query(name, type, false), Transport.DO53_UDP).thenCompose(r2 -> {
          if (r2.message().getRcode() != Rcode.FORMERR) {
            // Only a server that answers without EDNS what it refused with EDNS is asked without it from now on.
            stats.markNoEdns(target.address());
          }
          if (r2.message().getHeader().getFlag(Flags.TC)) {
            budget.chargeQuery();
            return send.apply(queries.query(name, type, false), Transport.DO53_TCP)
                .thenApply(UpstreamReply::message);
          }
          return CompletableFuture.completedFuture(r2.message());
        });
      }
      return CompletableFuture.completedFuture(m);
    });
  }

  private CompletableFuture<UpstreamReply> send(Target target, Message query, Transport transport) {
    String sni = target.nsName() == null ? null : target.nsName().toString(true);
    return upstream
        .send(new UpstreamRequest(target.address(), query, transport, timeout, sni,
            // A DoT query on a new connection still gets the whole timeout once the handshakes are done
            transport == Transport.DOT ? timeout : Duration.ZERO))
        .whenComplete((reply, error) -> {
          if (reply != null) {
            stats.recordReply(target.address(), reply.rtt());
          } else {
            UpstreamException failure = upstreamFailure(error);
            if (failure != null && failure.kind() == UpstreamException.Kind.TIMEOUT && transport != Transport.DOT) {
              // DoT timeouts say nothing about the server's Do53 speed: the query is resent over Do53 at once
              stats.recordTimeout(target.address(), timeout);
            }
          }
        });
  }

  /** The {@link UpstreamException} behind {@code error}, or {@code null} if it is something else. */
  static UpstreamException upstreamFailure(Throwable error) {
    return Futures.unwrap(error) instanceof UpstreamException u ? u : null;
  }
}
