package adot.core.transport;

import java.util.concurrent.CompletableFuture;

/**
 * The transport seam: send one query to one authoritative server, get the reply or a typed failure.
 *
 * <p>Implementations never block the caller: the future completes on a network thread. A failure completes the
 * future exceptionally with an {@link UpstreamException}. Both the real network ({@code NettyUpstream}) and tests plug
 * in here.
 */
public interface Upstream extends AutoCloseable {

  /** Sends {@code request}; the future completes with the reply or fails with an {@link UpstreamException}. */
  CompletableFuture<UpstreamReply> send(UpstreamRequest request);

  /** Releases sockets, pooled connections and threads. */
  @Override
  void close();
}
