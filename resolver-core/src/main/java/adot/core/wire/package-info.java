/** DNS wire-format helpers for hot paths that read offsets instead of parsing messages (dnsjava does the parsing). */
package adot.core.wire;
