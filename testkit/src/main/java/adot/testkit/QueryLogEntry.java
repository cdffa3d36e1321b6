package adot.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One query received by an {@link AuthServer} (logged whatever the server then did with it, even when
 * {@link Fault#SILENT}).
 *
 * @param time when the query was read
 * @param server the absolute name of the server that received it, e.g. {@code ns1.example.com.}
 * @param serverAddress the server's own address (the destination of the query)
 * @param client the client's address and port
 * @param transport UDP, TCP or DOT
 * @param qname the question name
 * @param qtype the question type ({@link Type} constant)
 * @param id the DNS message ID
 * @param rd whether the RD flag was set
 * @param edns whether the query carried an OPT record
 * @param ednsPayloadSize the UDP payload size the client advertised (0 without EDNS)
 * @param connectionId for TCP and DoT the universe-wide sequence number of the connection (same value = same
 *     connection reused); 0 for UDP
 * @param tlsHandshakeDone for DoT whether the TLS handshake had completed (always true for a DoT query that was
 *     read; false for UDP/TCP)
 * @param tlsResumed for DoT whether the connection's TLS session was resumed (see {@link DotConnectionInfo#resumed})
 */
public record QueryLogEntry(
        Instant time,
        String server,
        InetAddress serverAddress,
        InetSocketAddress client,
        QueryTransport transport,
        Name qname,
        int qtype,
        int id,
        boolean rd,
        boolean edns,
        int ednsPayloadSize,
        long connectionId,
        boolean tlsHandshakeDone,
        boolean tlsResumed) {

    /** The question type as text, e.g. {@code "AAAA"}. */
    public String qtypeName() {
        return Type.string(qtype);
    }

    @Override
    public String toString() {
        return time + " " + server + "(" + serverAddress.getHostAddress() + ") <- " + client + " " + transport
                + " conn=" + connectionId + " " + qname + "/" + qtypeName() + " id=" + id + (rd ? " RD" : "")
                + (edns ? " EDNS(" + ednsPayloadSize + ")" : "") + (tlsResumed ? " resumed" : "");
    }
}
