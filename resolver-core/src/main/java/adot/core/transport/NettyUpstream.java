package adot.core.transport;

import adot.core.net.AddressFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoopGroup;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The real network: Do53 over UDP and TCP via {@link Do53Client}, DoT via the given DoT upstream. Refuses addresses in
 * {@code dont-query} before anything is sent, and counts outgoing queries by transport.
 */
public final class NettyUpstream implements Upstream {
  private final Do53Client do53;
  private final Upstream dot;
  private final AddressFilter dontQuery;
  private final Map<Transport, Timer> latency = new EnumMap<>(Transport.class);
  private final Map<Transport, Counter> timeouts = new EnumMap<>(Transport.class);

  /**
   * @param ednsBufferSize the EDNS buffer size the resolver advertises (the largest UDP reply to read)
   * @param dot the DoT client, or {@code null} when DoT is not available (DoT requests then fail with NOT_SENT)
   */
  public NettyUpstream(EventLoopGroup group, int do53Port, int ednsBufferSize, Upstream dot, AddressFilter dontQuery,
      MeterRegistry registry) {
    this.do53 = new Do53Client(group, do53Port, ednsBufferSize, registry);
    this.dot = dot;
    this.dontQuery = dontQuery;
    for (Transport t : Transport.values()) {
      String tag = t.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      latency.put(t, Timer.builder("adot.outgoing.queries")
          .description("Outgoing queries to authoritative servers, by transport, with the time from sending to the "
              + "reply (or the failure) reaching the resolving event loop")
          .tag("transport", tag)
          .register(registry));
      timeouts.put(t, Counter.builder("adot.outgoing.timeouts")
          .description("Outgoing queries that got no reply within the network timeout, by transport")
          .tag("transport", tag)
          .register(registry));
    }
  }

  @Override
  public CompletableFuture<UpstreamReply> send(UpstreamRequest request) {
    if (dontQuery.matches(request.server())) {
      return CompletableFuture.failedFuture(new UpstreamException(
          UpstreamException.Kind.NOT_SENT, request.server().getHostAddress() + " is in dont-query"));
    }
    long start = System.nanoTime();
    CompletableFuture<UpstreamReply> reply = switch (request.transport()) {
      case DO53_UDP -> do53.sendUdp(request);
      case DO53_TCP -> do53.sendTcp(request);
      case DOT -> dot == null
          ? CompletableFuture.failedFuture(new UpstreamException(UpstreamException.Kind.NOT_SENT, "DoT disabled"))
          : dot.send(request);
    };
    Timer timer = latency.get(request.transport());
    reply.whenComplete((r, e) -> {
      timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      if (e != null && adot.core.Futures.unwrap(e) instanceof UpstreamException u && u.kind() == UpstreamException.Kind.TIMEOUT) {
        timeouts.get(request.transport()).increment();
      }
    });
    return reply;
  }

  /** Replies dropped because they did not match (see {@link Do53Client}). */
  public long mismatchedReplies() {
    return do53.mismatchedReplies();
  }

  @Override
  public void close() {
    if (dot != null) {
      dot.close();
    }
  }
}
