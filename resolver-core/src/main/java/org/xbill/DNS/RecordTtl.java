package org.xbill.DNS;

/**
 * Gives adot-resolver's caches a cheap copy of a record with another TTL.
 *
 * <p>Why this class lives in dnsjava's package: dnsjava only exposes TTL changes through the package-private {@code
 * Record.withDClass(int, long)}; the public alternative, {@code Record.newRecord(..., rdata)}, re-parses the rdata on
 * every cache hit. The daemon runs on the class path (not as named modules) and dnsjava's jar is not sealed, so this
 * one accessor is safe; it is covered by a test that fails if a dnsjava upgrade changes the behaviour.
 */
public final class RecordTtl {
  private RecordTtl() {}

  /** A copy of {@code record} whose TTL is {@code ttl} seconds. */
  public static Record withTtl(Record record, long ttl) {
    return record.getTTL() == ttl ? record : record.withDClass(record.getDClass(), ttl);
  }
}
