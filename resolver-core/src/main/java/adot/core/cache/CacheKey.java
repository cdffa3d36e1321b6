package adot.core.cache;

import org.xbill.DNS.Name;

/** Cache key: owner name (compared case-insensitively by dnsjava) and RR type. */
record CacheKey(Name name, int type) {}
