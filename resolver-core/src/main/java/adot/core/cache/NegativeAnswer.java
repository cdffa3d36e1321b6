package adot.core.cache;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A cached negative answer (RFC 2308): the name does not exist (NXDOMAIN) or has no data of the type (NODATA).
 *
 * @param nxdomain true for NXDOMAIN, false for NODATA
 * @param name the name the negative answer was cached for
 * @param soa the SOA record (TTL aged, capped by the negative TTL) to put in the authority section; may be empty when
 *     the authoritative server sent none
 */
public record NegativeAnswer(boolean nxdomain, Name name, List<Record> soa) {}
