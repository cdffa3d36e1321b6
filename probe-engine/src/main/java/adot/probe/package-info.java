/** Opportunistic DoT (RFC 9539): the DoT probe table, bounded probe executor, prober, advisor, persistence. */
package adot.probe;
