/**
 * The daemon's control socket: {@link adot.server.control.ControlServer} serves the one-command-per-connection text
 * protocol of {@code docs/control-protocol.md} on a Unix domain socket, dispatching through a
 * {@link adot.server.control.CommandRegistry} of {@link adot.server.control.ControlCommand}s.
 *
 * <p>The commands that need daemon state take small functional interfaces, so the composition root wires them
 * without this package knowing the resolver, cache or probe table:
 *
 * <pre>{@code
 * CommandRegistry commands = CommandRegistry.withBuiltins(version)          // ping, version, help
 *     .register(new DumpDotProbeMapCommand(json -> json ? table.dumpJson() : table.dumpText()))
 *     .register(new GetAllCommand(stats::snapshot))                          // Supplier<SortedMap<String, Long>>
 *     .register(new GetCommand(stats::snapshot))
 *     .register(new DumpCacheCommand(cache::dump))                           // Supplier<String>
 *     .register(new WipeCacheCommand(cache::wipe))                           // Function<List<WipeRequest>, Integer>
 *     .register(new DumpNsSpeedsCommand(serverStats::dump))
 *     .register(new QuitNicelyCommand(daemon::stopGracefully));            // runs after "bye" is sent
 * ControlServer control = new ControlServer(controlOptions, commands);
 * control.start();   // throws ControlSocketInUseException if another daemon answers on the socket
 * ...
 * control.stop();    // removes the socket file
 * }</pre>
 *
 * <p>Suppliers run on the control server's own two command threads, never on a DNS event loop; one that must read
 * state owned by resolver threads should be a {@link adot.server.control.ControlCommand} returning a stage completed
 * there.
 */
package adot.server.control;
