package adot.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one received DNS message into what an {@link AuthServer} sends back, applying its faults, EDNS(0) and UDP
 * truncation. Stateless apart from the server it serves; called on event-loop threads.
 */
final class Responder {
    /** The UDP payload size this server advertises in its own OPT record. */
    static final int SERVER_UDP_PAYLOAD = 1232;
    /** The largest DNS message over TCP/DoT (2-byte length prefix). */
    static final int MAX_STREAM_MESSAGE = 65535;
    private static final int PLAIN_UDP_LIMIT = 512;

    /** What to send for one query: forged datagrams first (UDP only), then the reply, or nothing at all. */
    record Outcome(Message query, byte[] reply, List<byte[]> forged) {
        static final Outcome DROP = new Outcome(null, null, List.of());

        boolean drop() {
            return reply == null;
        }
    }

    private Responder() {}

    /**
     * The outcome for the message {@code wire}: {@link Outcome#DROP} for malformed input, responses, and
     * {@link Fault#SILENT}. Every parsed query is logged first.
     */
    static Outcome respond(AuthServer server, byte[] wire, QueryTransport transport, InetSocketAddress client,
            long connectionId, boolean tlsResumed) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return Outcome.DROP; // malformed: dropped, never fatal
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return Outcome.DROP; // a response sent to a server: ignore, as real servers do
        }
        log(server, query, transport, client, connectionId, tlsResumed);
        var faults = server.faults();
        if (faults.contains(Fault.SILENT)) {
            return Outcome.DROP;
        }
        OPTRecord queryOpt = query.getOPT();
        Message response;
        if (faults.contains(Fault.LAME)) {
            response = errorResponse(query, Rcode.REFUSED);
            addOpt(response, queryOpt);
        } else if (faults.contains(Fault.FORMERR_ON_EDNS) && queryOpt != null) {
            response = errorResponse(query, Rcode.FORMERR); // and no OPT, like an EDNS-ignorant server
        } else if (faults.contains(Fault.REFER_DS) && query.getQuestion() != null
                && query.getQuestion().getType() == Type.DS) {
            response = referDs(server, query);
            addOpt(response, queryOpt);
        } else {
            response = server.answerer().answer(query);
            addOpt(response, queryOpt);
        }
        if (faults.contains(Fault.CNAME_NXDOMAIN) && response.getRcode() == Rcode.NOERROR
                && response.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == Type.CNAME)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        int limit;
        if (transport == QueryTransport.UDP) {
            limit = queryOpt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, queryOpt.getPayloadSize());
            if (faults.contains(Fault.TRUNCATE_UDP)) {
                limit = 0;
            }
        } else {
            limit = MAX_STREAM_MESSAGE;
        }
        byte[] reply = response.toWire();
        if (reply.length > limit) {
            reply = truncated(response).toWire();
        }
        List<byte[]> forged = transport == QueryTransport.UDP && faults.contains(Fault.SPOOF)
                ? forgeries(query)
                : List.of();
        return new Outcome(query, reply, forged);
    }

    private static void log(AuthServer server, Message query, QueryTransport transport, InetSocketAddress client,
            long connectionId, boolean tlsResumed) {
        Record q = query.getQuestion();
        OPTRecord opt = query.getOPT();
        server.log(new QueryLogEntry(Instant.now(), server.name(), server.address(), client, transport,
                q == null ? Name.empty : q.getName(), q == null ? 0 : q.getType(), query.getHeader().getID(),
                query.getHeader().getFlag(Flags.RD), opt != null, opt == null ? 0 : opt.getPayloadSize(),
                connectionId, transport == QueryTransport.DOT, tlsResumed));
    }

    /** {@link Fault#REFER_DS}: the answer to the same name's A query, with the DS question put back. */
    private static Message referDs(AuthServer server, Message query) {
        Message asA = query.clone();
        Record q = query.getQuestion();
        asA.removeAllRecords(Section.QUESTION);
        asA.addRecord(Record.newRecord(q.getName(), Type.A, q.getDClass()), Section.QUESTION);
        Message response = server.answerer().answer(asA);
        response.removeAllRecords(Section.QUESTION);
        response.addRecord(q, Section.QUESTION);
        return response;
    }

    static Message errorResponse(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        response.getHeader().setRcode(rcode);
        return response;
    }

    private static void addOpt(Message response, OPTRecord queryOpt) {
        if (queryOpt != null) {
            // Echo the DO bit (RFC 3225) and nothing else; this server has no EDNS options to offer.
            int flags = queryOpt.getFlags() & ExtendedFlags.DO;
            response.addRecord(new OPTRecord(SERVER_UDP_PAYLOAD, 0, 0, flags), Section.ADDITIONAL);
        }
    }

    /** {@code response} with TC=1 and only its question and OPT: "retry over TCP". */
    static Message truncated(Message response) {
        Message t = response.clone();
        OPTRecord opt = response.getOPT();
        t.removeAllRecords(Section.ANSWER);
        t.removeAllRecords(Section.AUTHORITY);
        t.removeAllRecords(Section.ADDITIONAL);
        if (opt != null) {
            t.addRecord(opt, Section.ADDITIONAL);
        }
        t.getHeader().setFlag(Flags.TC);
        return t;
    }

    /** The two forged replies of a spoofer: wrong ID, then right ID with a wrong question; both say 6.6.6.6. */
    private static List<byte[]> forgeries(Message query) {
        Record q = query.getQuestion();
        if (q == null) {
            return List.of();
        }
        Name qname = q.getName();
        ARecord forgedA = new ARecord(qname, DClass.IN, 3600, forgedAddress());

        Message wrongId = errorResponse(query, Rcode.NOERROR);
        wrongId.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
        wrongId.getHeader().setFlag(Flags.AA);
        wrongId.addRecord(forgedA, Section.ANSWER);

        Message wrongQuestion = new Message(query.getHeader().getID());
        wrongQuestion.getHeader().setFlag(Flags.QR);
        wrongQuestion.getHeader().setFlag(Flags.AA);
        wrongQuestion.addRecord(Record.newRecord(forgedName(qname), q.getType(), q.getDClass()), Section.QUESTION);
        wrongQuestion.addRecord(forgedA, Section.ANSWER);
        return List.of(wrongId.toWire(), wrongQuestion.toWire());
    }

    private static Name forgedName(Name qname) {
        try {
            return Name.concatenate(Name.fromConstantString("forged"), qname);
        } catch (NameTooLongException e) {
            return Name.fromConstantString("forged.invalid.");
        }
    }

    private static java.net.InetAddress forgedAddress() {
        try {
            return java.net.InetAddress.getByAddress(new byte[] {6, 6, 6, 6});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
