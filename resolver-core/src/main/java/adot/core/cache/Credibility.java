package adot.core.cache;

/**
 * How much a cached RRset is trusted, after RFC 2181 §5.4.1: data from the answer section of an authoritative reply
 * ranks above authority-section data, which ranks above glue. New data replaces cached data only at equal or higher
 * rank, so glue never overwrites an authoritative answer.
 */
public enum Credibility {
  /** Additional-section data, e.g. glue addresses in a referral. */
  ADDITIONAL,
  /** Authority-section data of a non-authoritative reply, e.g. the NS set of a referral. */
  NON_AUTH_AUTHORITY,
  /** Authority-section data of an authoritative reply. */
  AUTH_AUTHORITY,
  /** Answer-section data of a non-authoritative reply. */
  NON_AUTH_ANSWER,
  /** Answer-section data of an authoritative reply: the best there is. */
  AUTH_ANSWER;

  /** Whether data of this rank may be returned to a client as an answer (RFC 2181 §5.4.1: not glue, not referrals). */
  public boolean answerable() {
    return compareTo(AUTH_AUTHORITY) >= 0;
  }
}
