/** The in-process test universe: authoritative DNS servers on loopback over UDP, TCP and DoT, with fault modes. */
package adot.testkit;
