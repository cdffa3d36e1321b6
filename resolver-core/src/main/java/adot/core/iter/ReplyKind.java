package adot.core.iter;

/** What a scrubbed reply means for the iteration (see {@link ResponseClassifier}). */
public enum ReplyKind {
  /** Data of the asked type, possibly after a CNAME chain. */
  ANSWER,
  /** A CNAME chain whose end the server did not resolve: continue with the target name. */
  CNAME,
  /** A delegation to a zone below the one asked. */
  REFERRAL,
  /** Authoritative: the name does not exist. */
  NXDOMAIN,
  /** Authoritative: the name exists but has no data of the asked type. */
  NODATA,
  /** The server is not authoritative for the zone (REFUSED, upward referral, non-AA answer). */
  LAME,
  /** FORMERR: possibly a server that does not understand EDNS. */
  FORMERR,
  /** SERVFAIL or another rcode: try another server. */
  SERVER_FAILURE
}
