package adot.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for the {@code CompletableFuture} chains of the query path. */
public final class Futures {
  private Futures() {}

  /** The cause behind the {@link CompletionException} / {@link ExecutionException} wrappers of a failed future. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
