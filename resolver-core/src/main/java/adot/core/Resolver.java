package adot.core;

import java.util.concurrent.CompletableFuture;

/** Resolves questions. Non-blocking: the future completes on a network thread, or at once from the cache. */
public interface Resolver {

  /** Resolves {@code question}; never completes exceptionally: failures become SERVFAIL answers. */
  CompletableFuture<Answer> resolve(Question question);
}
