package adot.core.iter;

/**
 * Ends a resolution with SERVFAIL: a limit was hit or no server could answer. Carries the RFC 8914 info-code for the
 * client and no stack trace (an expected outcome, not a bug).
 */
public final class ResolutionFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which limit or failure; each is counted separately in the metrics. */
  public enum Reason {
    MAX_QUERIES, MAX_NS_LOOKUPS, MAX_DEPTH, MAX_CNAME_CHAIN, CNAME_LOOP, TIMEOUT, NO_REACHABLE_AUTHORITY,
    DELEGATION_CYCLE
  }

  private final Reason reason;
  private final int extendedError;

  public ResolutionFailure(Reason reason, int extendedError, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.extendedError = extendedError;
  }

  public Reason reason() {
    return reason;
  }

  public int extendedError() {
    return extendedError;
  }
}
