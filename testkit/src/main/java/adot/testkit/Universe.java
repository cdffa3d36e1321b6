package adot.testkit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Zone;

/**
 * A running universe of authoritative DNS servers on loopback: each server has its own 127.x.y.z address, all share
 * one Do53 port (UDP + TCP) and one DoT port, chosen free at start unless forced. One Netty event loop group serves
 * them all. Several universes may run in one JVM (each picks its own ports). Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (Universe u = Universe.startDefault()) {
 *     SimpleResolver r = new SimpleResolver(new InetSocketAddress(u.addressOf(DefaultUniverse.NS_EXAMPLE_COM),
 *             u.do53Port()));
 *     ...
 * }
 * }</pre>
 */
public final class Universe implements AutoCloseable {
    private static final AtomicInteger UNIVERSE_IDS = new AtomicInteger();

    private final EventLoopGroup group;
    private final List<AuthServer> servers;
    private final Map<Name, AuthServer> byName;
    private final Map<InetAddress, AuthServer> byAddress;
    private final int do53Port;
    private final int dotPort;

    private Universe(EventLoopGroup group, List<AuthServer> servers, int do53Port, int dotPort) {
        this.group = group;
        this.servers = List.copyOf(servers);
        this.byName = new LinkedHashMap<>();
        this.byAddress = new LinkedHashMap<>();
        for (AuthServer s : servers) {
            byName.put(s.dnsName(), s);
            byAddress.put(s.address(), s);
        }
        this.do53Port = do53Port;
        this.dotPort = dotPort;
    }

    /** Starts the {@link DefaultUniverse} on free ports at 127.53.0.0/16. */
    public static Universe startDefault() {
        return builder().defaultZones().start();
    }

    /** A builder for a custom universe (call {@link UniverseBuilder#defaultZones()} to start from the default). */
    public static UniverseBuilder builder() {
        return new UniverseBuilder();
    }

    static Universe start(UniverseBuilder b) {
        boolean anyDot = b.servers().values().stream().anyMatch(UniverseBuilder.ServerSpec::dot);
        // TLS set-up is the slow part of a cold start: it runs in the background while zones load and ports bind.
        CompletableFuture<SSLContext> tls = anyDot ? DotTls.newServerContext() : CompletableFuture.completedFuture(null);
        Map<Name, InetAddress> addresses = assignAddresses(b);
        Map<Name, Zone> zones = buildZones(b, addresses);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(b.eventLoopThreadsOption(),
                new DefaultThreadFactory("testkit-" + UNIVERSE_IDS.incrementAndGet(), true),
                NioIoHandler.newFactory());
        try {
            Listeners listeners = new Listeners(group, tls, b.tcpIdleTimeoutOption());
            List<AuthServer> servers = new ArrayList<>();
            for (UniverseBuilder.ServerSpec spec : b.servers().values()) {
                List<Zone> served = spec.zones().stream().map(z -> {
                    Zone zone = zones.get(z);
                    if (zone == null) {
                        throw new IllegalArgumentException("server " + spec.name() + " serves undefined zone " + z);
                    }
                    return zone;
                }).toList();
                servers.add(new AuthServer(spec.name(), addresses.get(spec.name()), spec.dot(), served,
                        spec.faults().isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(spec.faults()),
                        spec.delay(), b.logCapacity(), listeners));
            }
            PortBinder.Result bound = PortBinder.bindAll(servers, listeners, b.do53PortOption(), b.dotPortOption());
            listeners.dotPort(bound.dotPort());
            try {
                tls.join();
            } catch (CompletionException e) {
                closeAll(bound);
                throw e;
            }
            for (AuthServer s : servers) {
                PortBinder.Bound c = bound.channels().get(s);
                s.attach(c.udp(), c.tcp(), c.dot());
            }
            return new Universe(group, servers, bound.do53Port(), bound.dotPort());
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static void closeAll(PortBinder.Result bound) {
        for (PortBinder.Bound c : bound.channels().values()) {
            for (io.netty.channel.Channel ch : new io.netty.channel.Channel[] {c.udp(), c.tcp(), c.dot()}) {
                if (ch != null) {
                    ch.close().awaitUninterruptibly();
                }
            }
        }
    }

    private static Map<Name, InetAddress> assignAddresses(UniverseBuilder b) {
        byte[] base = b.addressBase().getAddress();
        long value = ((base[0] & 0xFFL) << 24) | ((base[1] & 0xFFL) << 16) | ((base[2] & 0xFFL) << 8) | (base[3] & 0xFFL);
        Map<Name, InetAddress> addresses = new LinkedHashMap<>();
        for (Name name : b.servers().keySet()) {
            value++;
            if ((value >>> 24) != 127) {
                throw new IllegalArgumentException("too many servers for address base " + b.addressBase());
            }
            try {
                addresses.put(name, InetAddress.getByAddress(name.toString(),
                        new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        List<InetAddress> own = List.copyOf(addresses.values());
        for (Map.Entry<Name, InetAddress> e : b.externalServers().entrySet()) {
            if (own.contains(e.getValue())) {
                throw new IllegalArgumentException("external server " + e.getKey() + " at "
                        + e.getValue().getHostAddress() + " clashes with a server of this universe");
            }
            addresses.put(e.getKey(), e.getValue());
        }
        return addresses;
    }

    private static Map<Name, Zone> buildZones(UniverseBuilder b, Map<Name, InetAddress> addresses) {
        Map<Name, Zone> zones = new LinkedHashMap<>();
        for (UniverseBuilder.ZoneSpec spec : b.zones().values()) {
            zones.put(spec.origin(), spec.factory().apply(addresses));
        }
        for (UniverseBuilder.Delegation d : b.delegations()) {
            Zone parent = zones.values().stream()
                    .filter(z -> d.child().subdomain(z.getOrigin()) && !d.child().equals(z.getOrigin()))
                    .max(Comparator.comparingInt(z -> z.getOrigin().labels()))
                    .orElse(null);
            if (parent == null) {
                if (d.parentRequired()) {
                    throw new IllegalArgumentException("no parent zone for delegation of " + d.child());
                }
                continue;
            }
            for (Name ns : d.nameServers()) {
                parent.addRecord(new NSRecord(d.child(), DClass.IN, 86400, ns));
                InetAddress glue = addresses.get(ns);
                if (glue != null && ns.subdomain(parent.getOrigin())) {
                    parent.addRecord(new ARecord(ns, DClass.IN, 86400, glue));
                }
            }
        }
        return zones;
    }

    /** The Do53 port shared by every server (UDP and TCP). */
    public int do53Port() {
        return do53Port;
    }

    /** The DoT port shared by every DoT-capable server (0 if the universe has none). */
    public int dotPort() {
        return dotPort;
    }

    /** The server named {@code nsName} (trailing dot optional, case-insensitive). */
    public AuthServer server(String nsName) {
        AuthServer s = byName.get(ZoneTexts.absoluteName(nsName));
        if (s == null) {
            throw new IllegalArgumentException("no server " + nsName + " in this universe");
        }
        return s;
    }

    /** The server listening on {@code address}. */
    public AuthServer serverAt(InetAddress address) {
        AuthServer s = byAddress.get(address);
        if (s == null) {
            throw new IllegalArgumentException("no server at " + address.getHostAddress());
        }
        return s;
    }

    /** The address of the server named {@code nsName}. */
    public InetAddress addressOf(String nsName) {
        return server(nsName).address();
    }

    /** The Do53 socket address (address and shared port) of the server named {@code nsName}. */
    public InetSocketAddress do53Address(String nsName) {
        return new InetSocketAddress(addressOf(nsName), do53Port);
    }

    /** The DoT socket address of the server named {@code nsName} (refused unless it is DoT-capable). */
    public InetSocketAddress dotAddress(String nsName) {
        return new InetSocketAddress(addressOf(nsName), dotPort);
    }

    /** Every server, in declaration (= address) order. */
    public List<AuthServer> servers() {
        return servers;
    }

    /** The servers authoritative for the root zone. */
    public List<AuthServer> rootServers() {
        return servers.stream().filter(s -> s.zoneOrigins().contains(Name.root)).toList();
    }

    /** The addresses of the root servers, for a resolver's hints. */
    public List<InetAddress> rootServerAddresses() {
        return rootServers().stream().map(AuthServer::address).toList();
    }

    /** Root hints in master-file form ({@code . NS ...} and the servers' A records), as resolvers read them. */
    public String rootHints() {
        StringBuilder sb = new StringBuilder("; root hints of an adot testkit universe (Do53 port ")
                .append(do53Port).append(", DoT port ").append(dotPort).append(")\n");
        for (AuthServer s : rootServers()) {
            sb.append(String.format(".%-30s 3600000 IN NS %s%n", "", s.name()));
        }
        for (AuthServer s : rootServers()) {
            sb.append(String.format("%-31s 3600000 IN A  %s%n", s.name(), s.address().getHostAddress()));
        }
        return sb.toString();
    }

    /** Every server's queries, ordered by time. */
    public List<QueryLogEntry> queries() {
        List<QueryLogEntry> all = new ArrayList<>();
        for (AuthServer s : servers) {
            all.addAll(s.queries());
        }
        all.sort(Comparator.comparing(QueryLogEntry::time));
        return all;
    }

    /** Every server's DoT connections, ordered by acceptance time. */
    public List<DotConnectionInfo> dotConnections() {
        List<DotConnectionInfo> all = new ArrayList<>();
        for (AuthServer s : servers) {
            all.addAll(s.dotConnections());
        }
        all.sort(Comparator.comparing(DotConnectionInfo::accepted));
        return all;
    }

    /** Empties every server's logs. */
    public void clearLogs() {
        servers.forEach(AuthServer::clearLog);
    }

    /** Returns every server to the faults and delay it started with ({@link AuthServer#resetFault()}). */
    public void resetFaults() {
        servers.forEach(AuthServer::resetFault);
    }

    /** The self-signed certificate every DoT server presents. */
    public X509Certificate dotCertificate() {
        return DotTls.certificate().getCertificate();
    }

    /** A table of servers: name, address, DoT, faults, zones. */
    public String describe() {
        StringBuilder sb = new StringBuilder(String.format("%-32s %-15s %-4s %-22s %s%n",
                "server", "address", "DoT", "faults", "zones"));
        for (AuthServer s : servers) {
            sb.append(String.format("%-32s %-15s %-4s %-22s %s%n", s.name(), s.address().getHostAddress(),
                    s.dotEnabled() ? "yes" : "no", s.faults().isEmpty() ? "-" : s.faults(),
                    s.zoneOrigins()));
        }
        return sb.toString();
    }

    /** Closes every listener and connection and stops the event loops (waits at most a few seconds). */
    @Override
    public void close() {
        for (AuthServer s : servers) {
            s.closeListeners();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "Universe(do53=" + do53Port + ", dot=" + dotPort + ", servers=" + servers.size() + ")";
    }
}
