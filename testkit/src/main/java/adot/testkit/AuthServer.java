package adot.testkit;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;
import org.xbill.DNS.Zone;

/**
 * One authoritative server of a {@link Universe}: one NS name, one loopback address, the universe's shared Do53
 * port (UDP and TCP) and, when DoT-capable, the shared DoT port; serving one or more zones.
 *
 * <p>Faults and delay can be changed at any time from any thread (not from a universe event-loop thread, since
 * {@link Fault#DOT_REFUSED} waits for the DoT listener to unbind or bind). A change applies to every query read
 * after it, and for the DoT-accept faults ({@link Fault#DOT_BLACK_HOLE}, {@link Fault#DOT_BROKEN_TLS},
 * {@link Fault#SILENT}) to connections accepted after it.
 */
public final class AuthServer {
    /** The address carried by the forged replies of a {@link Fault#SPOOF} server. */
    public static final String FORGED_ADDRESS = "6.6.6.6";

    private final Name name;
    private final InetAddress address;
    private final boolean dotEnabled;
    private final Answerer answerer;
    private final Set<Fault> initialFaults;
    private final Duration initialDelay;
    private final BoundedLog<QueryLogEntry> queryLog;
    private final BoundedLog<DotConnectionState> dotLog;
    private final Listeners listeners;

    private volatile Set<Fault> faults;
    private volatile Duration delay;
    private volatile Duration handshakeDelay = Duration.ZERO;
    /** Guards the DoT listener's bound/unbound state; the channel fields are written under it. */
    private final Object listenerLock = new Object();
    private volatile Channel udpChannel;
    private volatile Channel tcpChannel;
    private volatile Channel dotChannel;

    AuthServer(Name name, InetAddress address, boolean dotEnabled, List<Zone> zones, Set<Fault> initialFaults,
            Duration initialDelay, int logCapacity, Listeners listeners) {
        this.name = name;
        this.address = address;
        this.dotEnabled = dotEnabled;
        this.answerer = new Answerer(zones);
        this.initialFaults = immutableFaults(initialFaults);
        this.initialDelay = initialDelay;
        this.faults = this.initialFaults;
        this.delay = initialDelay;
        this.queryLog = new BoundedLog<>(logCapacity);
        this.dotLog = new BoundedLog<>(logCapacity);
        this.listeners = listeners;
    }

    /** The server's absolute NS name, e.g. {@code "ns1.example.com."}. */
    public String name() {
        return name.toString();
    }

    /** The server's NS name as a DNS name. */
    public Name dnsName() {
        return name;
    }

    /** The loopback address the server listens on. */
    public InetAddress address() {
        return address;
    }

    /** Whether the server speaks DoT (even if a DoT fault is active now). */
    public boolean dotEnabled() {
        return dotEnabled;
    }

    /** The origins of the zones this server is authoritative for (deepest first). */
    public List<Name> zoneOrigins() {
        return answerer.origins();
    }

    /** The faults active now. */
    public Set<Fault> faults() {
        return faults;
    }

    /** The delay before each reply now ({@link Duration#ZERO} when not slow). */
    public Duration delay() {
        return delay;
    }

    /** How long a new DoT connection waits before the server reads it ({@link Duration#ZERO} by default). */
    public Duration handshakeDelay() {
        return handshakeDelay;
    }

    /** Replaces the active faults by exactly {@code fault}. */
    public void setFault(Fault fault) {
        setFaults(EnumSet.of(fault));
    }

    /** Adds {@code fault} to the active faults. */
    public void addFault(Fault fault) {
        synchronized (listenerLock) {
            EnumSet<Fault> next = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
            next.add(fault);
            setFaults(next);
        }
    }

    /** Removes {@code fault} from the active faults. */
    public void removeFault(Fault fault) {
        synchronized (listenerLock) {
            EnumSet<Fault> next = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
            next.remove(fault);
            setFaults(next);
        }
    }

    /** Replaces the active faults by {@code newFaults} (empty = healthy). */
    public void setFaults(Set<Fault> newFaults) {
        Set<Fault> next = immutableFaults(newFaults);
        for (Fault dotOnly : List.of(Fault.DOT_REFUSED, Fault.DOT_BROKEN_TLS)) {
            if (next.contains(dotOnly) && !dotEnabled) {
                throw new IllegalArgumentException(name + " is not DoT-capable: " + dotOnly + " makes no sense");
            }
        }
        synchronized (listenerLock) {
            faults = next;
            applyDotListenerState();
        }
    }

    /** Makes the server wait {@code delay} before each reply on every transport (scheduled, never sleeping). */
    public void setDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        this.delay = delay;
    }

    /**
     * Makes each DoT connection accepted from now on wait {@code delay} before the server reads anything on it, so its
     * TLS handshake completes that much later: with {@link #setDelay}, a distant server, whose new connection costs
     * two round trips (TCP, TLS) before the query's own.
     */
    public void setHandshakeDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative handshake delay " + delay);
        }
        this.handshakeDelay = delay;
    }

    /** Clears every fault and both delays: the server is healthy (even one that started with a fault). */
    public void clearFault() {
        setFaults(Set.of());
        setDelay(Duration.ZERO);
        setHandshakeDelay(Duration.ZERO);
    }

    /** Restores the faults and delay the server was started with (e.g. SILENT for the default universe's dead NS). */
    public void resetFault() {
        setFaults(initialFaults);
        setDelay(initialDelay);
        setHandshakeDelay(Duration.ZERO);
    }

    /** The queries received, oldest first (bounded: the oldest are dropped past the log capacity). */
    public List<QueryLogEntry> queries() {
        return queryLog.snapshot();
    }

    /** The connections accepted on the DoT port, oldest first (bounded like {@link #queries()}). */
    public List<DotConnectionInfo> dotConnections() {
        return dotLog.snapshot(DotConnectionState::snapshot);
    }

    /** Empties the query log and the DoT connection log. */
    public void clearLog() {
        queryLog.clear();
        dotLog.clear();
    }

    @Override
    public String toString() {
        return name + " " + address.getHostAddress() + (dotEnabled ? " DoT" : "") + " zones=" + zoneOrigins()
                + (faults.isEmpty() ? "" : " faults=" + faults) + (delay.isZero() ? "" : " delay=" + delay);
    }

    // ---- package-private: used by the handlers and the universe ----

    Answerer answerer() {
        return answerer;
    }

    void log(QueryLogEntry entry) {
        queryLog.add(entry);
    }

    void logDotConnection(DotConnectionState state) {
        dotLog.add(state);
    }

    void attach(Channel udp, Channel tcp, Channel dot) {
        synchronized (listenerLock) {
            this.udpChannel = udp;
            this.tcpChannel = tcp;
            this.dotChannel = dot;
            applyDotListenerState();
        }
    }

    /** Closes the listeners (not the accepted connections: the universe closes its event loops after this). */
    void closeListeners() {
        synchronized (listenerLock) {
            for (Channel c : new Channel[] {udpChannel, tcpChannel, dotChannel}) {
                if (c != null) {
                    c.close().syncUninterruptibly();
                }
            }
            dotChannel = null;
        }
    }

    /** Binds or unbinds the DoT listener to match {@link Fault#DOT_REFUSED}; caller holds {@link #listenerLock}. */
    private void applyDotListenerState() {
        if (!dotEnabled || tcpChannel == null) {
            return; // not started yet: attach() applies the state
        }
        boolean wantOpen = !faults.contains(Fault.DOT_REFUSED);
        if (wantOpen && dotChannel == null) {
            dotChannel = listeners.bindDot(this);
        } else if (!wantOpen && dotChannel != null) {
            Channel closing = dotChannel;
            dotChannel = null;
            closing.close().syncUninterruptibly();
            // The JDK closes a selector-registered socket only at the selector's next select; a task scheduled
            // for later runs after that select, so once it has run the port refuses connections.
            closing.eventLoop().schedule(() -> { }, 5, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
    }

    private static Set<Fault> immutableFaults(Set<Fault> f) {
        return f.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(f));
    }
}
