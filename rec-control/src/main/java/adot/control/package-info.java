/** The operator's CLI, talking to the daemon over the control socket. */
package adot.control;
