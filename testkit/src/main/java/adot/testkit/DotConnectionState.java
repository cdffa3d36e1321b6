package adot.testkit;

import java.net.InetSocketAddress;
import java.time.Instant;

/** The live, mutable record of one DoT connection; written by its event loop, read by tests through snapshots. */
final class DotConnectionState {
    final long id;
    private final AuthServer server;
    private final InetSocketAddress client;
    private final Instant accepted;
    private volatile Instant handshakeCompleted;
    private volatile String handshakeFailure;
    private volatile Instant closed;
    private volatile String protocol;
    private volatile String alpn;
    private volatile boolean resumed;

    DotConnectionState(long id, AuthServer server, InetSocketAddress client, Instant accepted) {
        this.id = id;
        this.server = server;
        this.client = client;
        this.accepted = accepted;
    }

    void handshakeDone(Instant when, String protocol, String alpn, boolean resumed) {
        this.protocol = protocol;
        this.alpn = alpn;
        this.resumed = resumed;
        this.handshakeCompleted = when;
    }

    void handshakeFailed(String why) {
        this.handshakeFailure = why;
    }

    void closed(Instant when) {
        this.closed = when;
    }

    Instant accepted() {
        return accepted;
    }

    boolean handshakeCompleted() {
        return handshakeCompleted != null;
    }

    boolean resumed() {
        return resumed;
    }

    DotConnectionInfo snapshot() {
        return new DotConnectionInfo(id, server.name(), server.address(), client, accepted, handshakeCompleted,
                handshakeFailure, closed, protocol, alpn, resumed);
    }
}
