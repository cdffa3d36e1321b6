package adot.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/** Test helpers: build queries and send them with dnsjava's {@link SimpleResolver}. */
final class Dns {
    private Dns() {}

    /** A query for {@code name}/{@code type} with RD cleared, as a resolver sends to authoritative servers. */
    static Message query(String name, int type) {
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
            q.getHeader().unsetFlag(Flags.RD);
            return q;
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static SimpleResolver resolver(InetSocketAddress server, boolean tcp, Duration timeout) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTCP(tcp);
        r.setIgnoreTruncation(true);
        r.setTimeout(timeout);
        return r;
    }

    /** Sends {@code name}/{@code type} to {@code server} over UDP or TCP (EDNS 1232) and returns the reply. */
    static Message ask(InetSocketAddress server, boolean tcp, String name, int type) throws IOException {
        SimpleResolver r = resolver(server, tcp, Duration.ofSeconds(3));
        r.setEDNS(0, 1232, 0, List.of());
        return r.send(query(name, type));
    }

    static List<Record> answers(Message m) {
        return m.getSection(Section.ANSWER);
    }

    static List<String> rdata(Message m, int section, int type) {
        return m.getSection(section).stream().filter(r -> r.getType() == type).map(Record::rdataToString).toList();
    }

    static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
