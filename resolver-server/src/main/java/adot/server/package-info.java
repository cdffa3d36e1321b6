/** The daemon: composition root, Netty UDP/TCP listeners, ACL, lifecycle, control socket, metrics. */
package adot.server;
