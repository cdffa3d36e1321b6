package adot.server.dns;

import adot.core.Answer;
import adot.core.Question;
import adot.core.Resolver;
import adot.core.net.AddressFilter;
import adot.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one client packet into one response, or into nothing: the policy shared by the UDP and TCP listeners.
 *
 * <ul>
 *   <li>clients outside {@code allow-from}: no answer over UDP, REFUSED over TCP (counted);
 *   <li>unparseable packets and responses (QR=1): dropped and counted, never an exception;
 *   <li>opcode other than QUERY: NOTIMP; question count other than 1, or more than one OPT record: FORMERR; EDNS
 *       version above 0: BADVERS;
 *       zone transfers and questions without RD (cache snooping): REFUSED; meta types (OPT, TSIG, TKEY, MAILA,
 *       MAILB): FORMERR;
 *   <li>more than {@code max-concurrent-resolutions} questions resolving: dropped and counted (back-pressure).
 * </ul>
 *
 * <p>A repeated question from an allowed client is answered from the {@link PacketCache} before any parsing.
 */
public final class QueryProcessor {
  private static final CompletableFuture<byte[]> DROP = CompletableFuture.completedFuture(null);

  private final Resolver resolver;
  private final AddressFilter allowFrom;
  private final boolean refuseOverTcp;
  private final ResponseBuilder responses;
  private final ServerMetrics metrics;
  private final Semaphore resolutions;
  private final int maxResolutions;
  private final PacketCache packetCache;

  /** @param packetCache whole responses by query bytes, or {@code null} for none */
  public QueryProcessor(Resolver resolver, AddressFilter allowFrom, boolean refuseOverTcp,
      int maxConcurrentResolutions, ResponseBuilder responses, ServerMetrics metrics, PacketCache packetCache) {
    this.resolver = resolver;
    this.allowFrom = allowFrom;
    this.refuseOverTcp = refuseOverTcp;
    this.responses = responses;
    this.metrics = metrics;
    this.resolutions = new Semaphore(maxConcurrentResolutions);
    this.maxResolutions = maxConcurrentResolutions;
    this.packetCache = packetCache;
  }

  /**
   * Whether a TCP connection from {@code client} is served at all: one from outside {@code allow-from} is closed at
   * once (counted), as PowerDNS does, unless such clients are to get REFUSED ({@code refuse-disallowed-tcp}).
   */
  public boolean admitsTcp(InetAddress client) {
    if (allowFrom.matches(client) || refuseOverTcp) {
      return true;
    }
    metrics.unauthorized();
    return false;
  }

  /** Whether {@code client} is in {@code allow-from}. */
  public boolean allows(InetAddress client) {
    return allowFrom.matches(client);
  }

  /**
   * Processes one packet from {@code client}.
   *
   * @return the encoded response, or {@code null} (in the future) when nothing is to be sent
   */
  public CompletableFuture<byte[]> process(byte[] packet, InetAddress client, boolean tcp) {
    long start = System.nanoTime();
    boolean allowed = allowFrom.matches(client);
    if (!allowed && !(tcp && refuseOverTcp)) {
      metrics.unauthorized();
      return DROP;
    }
    if (allowed && packetCache != null) {
      byte[] hit = packetCache.lookup(packet, tcp);
      if (hit != null) {
        metrics.question(tcp);
        metrics.packetCacheHit();
        metrics.answer(hit[3] & 0x0F, start);
        return CompletableFuture.completedFuture(hit);
      }
    }
    Message query;
    try {
      query = new Message(packet);
    } catch (IOException | RuntimeException e) {
      metrics.malformed(); // unparseable: there is no trustworthy header to answer
      return DROP;
    }
    if (query.getHeader().getFlag(Flags.QR)) {
      metrics.malformed(); // a response sent to us: answering could start a loop between two servers
      return DROP;
    }
    metrics.question(tcp);
    if (!allowed) {
      metrics.unauthorized();
      return done(responses.error(query, Rcode.REFUSED), Rcode.REFUSED, start);
    }
    if (query.getHeader().getOpcode() != Opcode.QUERY) {
      return done(responses.error(query, Rcode.NOTIMP), Rcode.NOTIMP, start);
    }
    if (query.getHeader().getCount(Section.QUESTION) != 1) {
      return done(responses.error(query, Rcode.FORMERR), Rcode.FORMERR, start);
    }
    OPTRecord opt = query.getOPT();
    if (opt != null && moreThanOneOpt(query)) { // RFC 6891 §6.1.1
      return done(responses.error(query, Rcode.FORMERR), Rcode.FORMERR, start);
    }
    if (opt != null && opt.getVersion() > 0) {
      return done(responses.badVersion(query), Rcode.BADVERS, start);
    }
    if (!query.getHeader().getFlag(Flags.RD)) {
      // A question that asks for no recursion can only be a look into the cache ("cache snooping"): REFUSED, as
      // PowerDNS 5 (allow-no-rd empty) and Unbound (access-control allow) answer it.
      return done(responses.error(query, Rcode.REFUSED), Rcode.REFUSED, start);
    }
    Record q = query.getQuestion();
    if (q.getType() == Type.AXFR || q.getType() == Type.IXFR || !q.getName().isAbsolute()) {
      return done(responses.error(query, Rcode.REFUSED), Rcode.REFUSED, start);
    }
    if (isMetaType(q.getType())) { // RFC 6895 §3.1: OPT, TSIG, TKEY, MAILA/MAILB are not data to resolve
      return done(responses.error(query, Rcode.FORMERR), Rcode.FORMERR, start);
    }
    if (!resolutions.tryAcquire()) {
      metrics.droppedForCapacity();
      return DROP;
    }
    CompletableFuture<Answer> answer;
    try {
      answer = resolver.resolve(new Question(q.getName(), q.getType(), q.getDClass()));
    } catch (RuntimeException e) {
      answer = CompletableFuture.completedFuture(Answer.servfail(Answer.EDE_OTHER, "internal error"));
    }
    return answer.handle((a, error) -> {
      Answer result = a != null ? a : Answer.servfail(Answer.EDE_OTHER, "internal error");
      byte[] wire;
      try {
        wire = responses.encode(query, result, tcp);
      } catch (RuntimeException e) {
        // An answer we cannot encode must still get a reply, not leave the client waiting.
        metrics.answer(Rcode.SERVFAIL, start);
        return responses.error(query, Rcode.SERVFAIL);
      } finally {
        resolutions.release(); // after encoding: a stopping daemon waits for this before it closes UDP
      }
      if (packetCache != null) {
        packetCache.store(packet, tcp, wire);
      }
      if (!tcp && wire.length >= 12 && (wire[2] & 0x02) != 0) {
        metrics.truncated();
      }
      metrics.answer(result.rcode(), start);
      return wire;
    });
  }

  private static boolean moreThanOneOpt(Message query) {
    int opts = 0;
    for (Record r : query.getSection(Section.ADDITIONAL)) {
      if (r.getType() == Type.OPT && ++opts > 1) {
        return true;
      }
    }
    return false;
  }

  private static boolean isMetaType(int type) {
    return type == Type.OPT || type == Type.TSIG || type == Type.TKEY || type == Type.MAILA || type == Type.MAILB;
  }

  private CompletableFuture<byte[]> done(byte[] wire, int rcode, long start) {
    metrics.answer(rcode, start);
    return CompletableFuture.completedFuture(wire);
  }

  /** Questions being resolved right now. */
  public int resolving() {
    return maxResolutions - resolutions.availablePermits();
  }
}
