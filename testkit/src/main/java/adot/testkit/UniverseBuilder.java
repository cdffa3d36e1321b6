package adot.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.Zone;

/**
 * Describes a {@link Universe} before it starts: zones (master text or generated), servers (NS name, DoT or not,
 * zones served, initial faults), delegations, address base and ports. Not thread-safe; {@link #start()} may be
 * called once per builder.
 *
 * <p>Servers get consecutive addresses from the base in the order they are first declared: with the default base
 * 127.53.0.0 the first server is 127.53.0.1, the second 127.53.0.2, and so on.
 */
public final class UniverseBuilder {
    /** The default address base: servers live in 127.53.0.0/16 (loopback, far from 127.0.0.1). */
    public static final String DEFAULT_ADDRESS_BASE = "127.53.0.0";

    record ZoneSpec(Name origin, Function<Map<Name, InetAddress>, Zone> factory) {}

    record ServerSpec(Name name, boolean dot, List<Name> zones, Set<Fault> faults, Duration delay) {}

    record Delegation(Name child, List<Name> nameServers, boolean parentRequired) {}

    private String addressBase = DEFAULT_ADDRESS_BASE;
    private int do53Port;
    private int dotPort;
    private int logCapacity = 10_000;
    private Duration tcpIdleTimeout = Duration.ofSeconds(30);
    private int eventLoopThreads = 2;
    private final Map<Name, ZoneSpec> zones = new LinkedHashMap<>();
    private final Map<Name, ServerSpec> servers = new LinkedHashMap<>();
    private final List<Delegation> delegations = new ArrayList<>();
    private final Map<Name, InetAddress> externalServers = new LinkedHashMap<>();

    UniverseBuilder() {}

    /** The first address of the servers' range minus one (must be in 127.0.0.0/8); default 127.53.0.0. */
    public UniverseBuilder addressBase(String base) {
        this.addressBase = base;
        return this;
    }

    /** Forces the Do53 port (UDP and TCP), e.g. 53 when running as root; 0 (default) picks a free one. */
    public UniverseBuilder do53Port(int port) {
        this.do53Port = checkPort(port);
        return this;
    }

    /** Forces the DoT port, e.g. 853 when running as root; 0 (default) picks a free one. */
    public UniverseBuilder dotPort(int port) {
        this.dotPort = checkPort(port);
        return this;
    }

    /** How many queries (and DoT connections) each server's log keeps; default 10,000. */
    public UniverseBuilder queryLogCapacity(int capacity) {
        this.logCapacity = capacity;
        return this;
    }

    /** How long an idle TCP or DoT connection stays open before the server closes it; default 30 s. */
    public UniverseBuilder tcpIdleTimeout(Duration timeout) {
        this.tcpIdleTimeout = timeout;
        return this;
    }

    /** Threads of the universe's single event loop group (1 or 2 are plenty); default 2. */
    public UniverseBuilder eventLoopThreads(int threads) {
        this.eventLoopThreads = threads;
        return this;
    }

    /** Adds the zones and servers of {@link DefaultUniverse}. */
    public UniverseBuilder defaultZones() {
        DefaultUniverse.addTo(this);
        return this;
    }

    /**
     * Adds a zone from master-file text; {@code ${ns.name}} placeholders become server addresses (see
     * {@link ZoneTexts}). Relative names are relative to {@code origin}.
     */
    public UniverseBuilder zone(String origin, String masterText) {
        Name o = ZoneTexts.absoluteName(origin);
        return zone(o, addresses -> ZoneTexts.parse(o, ZoneTexts.substitute(masterText, addresses)));
    }

    /** Adds a zone built by code once addresses are known (e.g. a {@link ZoneGenerator} zone). */
    public UniverseBuilder zone(Name origin, Function<Map<Name, InetAddress>, Zone> factory) {
        if (zones.putIfAbsent(origin, new ZoneSpec(origin, factory)) != null) {
            throw new IllegalArgumentException("zone " + origin + " defined twice");
        }
        return this;
    }

    /**
     * Declares a server (or adds zones to one already declared): {@code nsName} gets the next free address and
     * serves {@code zoneOrigins}; with {@code dot} it also listens on the DoT port. A server with no zone answers
     * REFUSED to everything (a lame server).
     */
    public UniverseBuilder server(String nsName, boolean dot, String... zoneOrigins) {
        Name name = ZoneTexts.absoluteName(nsName);
        if (dot) {
            DotTls.prefetch(); // the JVM-wide test certificate takes a while: start it now, in the background
        }
        if (externalServers.containsKey(name)) {
            throw declaredAndExternal(name);
        }
        ServerSpec existing = servers.get(name);
        if (existing != null && existing.dot() != dot) {
            throw new IllegalArgumentException("server " + name + " declared with and without DoT");
        }
        ServerSpec spec = existing != null ? existing
                : new ServerSpec(name, dot, new ArrayList<>(), EnumSet.noneOf(Fault.class), Duration.ZERO);
        for (String z : zoneOrigins) {
            Name origin = ZoneTexts.absoluteName(z);
            if (!spec.zones().contains(origin)) {
                spec.zones().add(origin);
            }
        }
        servers.put(name, spec);
        return this;
    }

    /** Starts the (already declared) server {@code nsName} with {@code faults} active; {@code resetFaults} returns to them. */
    public UniverseBuilder fault(String nsName, Fault... faults) {
        ServerSpec spec = declared(nsName);
        spec.faults().addAll(List.of(faults));
        return this;
    }

    /** Starts the (already declared) server {@code nsName} slow: {@code delay} before each reply. */
    public UniverseBuilder delay(String nsName, Duration delay) {
        ServerSpec spec = declared(nsName);
        servers.put(spec.name(), new ServerSpec(spec.name(), spec.dot(), spec.zones(), spec.faults(), delay));
        return this;
    }

    /**
     * Adds to the parent zone of {@code childOrigin} (the deepest declared zone above it) the NS records of the
     * delegation and, for name servers inside the parent zone, A glue with their addresses.
     */
    public UniverseBuilder delegate(String childOrigin, String... nsNames) {
        delegations.add(new Delegation(ZoneTexts.absoluteName(childOrigin),
                List.of(nsNames).stream().map(ZoneTexts::absoluteName).toList(), true));
        return this;
    }

    /**
     * Delegates {@code childOrigin} from its parent zone to a name server that this universe does not run, at a fixed
     * {@code address} (glue when the name server lies inside the parent zone): for pointing the universe's tree at an
     * authoritative server started beside it, such as NSD in the benchmarks. The address must be outside the range the
     * universe assigns to its own servers.
     */
    public UniverseBuilder externalDelegation(String childOrigin, String nsName, InetAddress address) {
        Name ns = ZoneTexts.absoluteName(nsName);
        if (servers.containsKey(ns)) {
            throw declaredAndExternal(ns);
        }
        if (address.getAddress().length != 4 || (address.getAddress()[0] & 0xFF) != 127) {
            throw new IllegalArgumentException("an external server must be on IPv4 loopback: " + address.getHostAddress());
        }
        InetAddress previous = externalServers.putIfAbsent(ns, address);
        if (previous != null && !previous.equals(address)) {
            throw new IllegalArgumentException("external server " + ns + " given two addresses");
        }
        delegations.add(new Delegation(ZoneTexts.absoluteName(childOrigin), List.of(ns), true));
        return this;
    }

    /** A name server both run by this universe and external to it: either order of declaring it is refused. */
    private static IllegalArgumentException declaredAndExternal(Name ns) {
        return new IllegalArgumentException("server " + ns + " is declared in this universe; it cannot be external");
    }

    /**
     * {@code n} zones {@code dot-zone-<i>.test.} (i = 1..n), each on its own DoT-capable server
     * {@code ns1.dot-zone-<i>.test.}, delegated from {@code test.} when that zone exists. Each zone holds
     * {@code www A 192.0.2.200} and an apex {@code TXT "dot-zone-<i>.test."}.
     */
    public UniverseBuilder dotZones(int n) {
        return zonesEachOnOwnServer("dot-zone-%d.test.", n, true);
    }

    /**
     * {@code n} zones named by {@code originFormat} (with one {@code %d}, i = 1..n), each on its own server
     * {@code ns1.<origin>} (DoT-capable when {@code dot}), delegated from their parent zone when it exists. Each zone
     * holds {@code www A 192.0.2.200} and an apex {@code TXT "<origin>"}.
     */
    public UniverseBuilder zonesEachOnOwnServer(String originFormat, int n, boolean dot) {
        for (int i = 1; i <= n; i++) {
            Name origin = ZoneTexts.absoluteName(String.format(originFormat, i));
            String ns = "ns1." + origin;
            String text = "$TTL 3600\n"
                    + "@ SOA " + ns + " hostmaster 1 7200 3600 1209600 300\n"
                    + "@ NS " + ns + "\n"
                    + "@ TXT \"" + origin + "\"\n"
                    + ns + " A ${" + ns + "}\n"
                    + "www A 192.0.2.200\n";
            zone(origin.toString(), text);
            server(ns, dot, origin.toString());
            delegations.add(new Delegation(origin, List.of(ZoneTexts.absoluteName(ns)), false));
        }
        return this;
    }

    /**
     * A zone {@code origin} with {@code names} generated hosts ({@link ZoneGenerator}), on its own server
     * {@code ns1.<origin>}, delegated from its parent zone when it exists. For benchmarks (50,000 names are fine).
     */
    public UniverseBuilder generatedZone(String origin, int names, boolean dot) {
        Name o = ZoneTexts.absoluteName(origin);
        Name ns = ZoneTexts.absoluteName("ns1." + o);
        zone(o, addresses -> ZoneGenerator.generate(o, names, ns, addresses.get(ns)));
        server(ns.toString(), dot, o.toString());
        delegations.add(new Delegation(o, List.of(ns), false));
        return this;
    }

    /** Assigns addresses, builds the zones, binds every listener and returns the running universe. */
    public Universe start() {
        return Universe.start(this);
    }

    // ---- read by Universe.start ----

    Map<Name, ZoneSpec> zones() {
        return zones;
    }

    Map<Name, ServerSpec> servers() {
        return servers;
    }

    List<Delegation> delegations() {
        return delegations;
    }

    Map<Name, InetAddress> externalServers() {
        return externalServers;
    }

    InetAddress addressBase() {
        try {
            InetAddress base = InetAddress.getByName(addressBase);
            if (base.getAddress().length != 4 || (base.getAddress()[0] & 0xFF) != 127) {
                throw new IllegalArgumentException("address base must be an IPv4 loopback address: " + addressBase);
            }
            return base;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address base " + addressBase, e);
        }
    }

    int do53PortOption() {
        return do53Port;
    }

    int dotPortOption() {
        return dotPort;
    }

    int logCapacity() {
        return logCapacity;
    }

    Duration tcpIdleTimeoutOption() {
        return tcpIdleTimeout;
    }

    int eventLoopThreadsOption() {
        return eventLoopThreads;
    }

    private ServerSpec declared(String nsName) {
        ServerSpec spec = servers.get(ZoneTexts.absoluteName(nsName));
        if (spec == null) {
            throw new IllegalArgumentException("no server " + nsName + " declared (declare it with server() first)");
        }
        return spec;
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }
}
