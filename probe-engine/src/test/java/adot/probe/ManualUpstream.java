package adot.probe;

import adot.core.transport.Transport;
import adot.core.transport.Upstream;
import adot.core.transport.UpstreamReply;
import adot.core.transport.UpstreamRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** An {@link Upstream} whose replies the test gives by hand: records every request, returns an open future. */
class ManualUpstream implements Upstream {

  /** One request and the future the test completes. */
  record Sent(UpstreamRequest request, CompletableFuture<UpstreamReply> reply) {
    /** Completes with a DoT reply to the request carrying {@code rcode}. */
    void answer(int rcode, Duration rtt) {
      answer(rcode, rtt, null);
    }

    /** Completes with a DoT reply carrying {@code rcode}, over a connection that took {@code setup} to open. */
    void answer(int rcode, Duration rtt, Duration setup) {
      Message m = new Message(request.query().getHeader().getID());
      m.getHeader().setFlag(Flags.QR);
      m.getHeader().setRcode(rcode);
      m.addRecord(request.query().getQuestion(), org.xbill.DNS.Section.QUESTION);
      reply.complete(new UpstreamReply(m, Transport.DOT, rtt, setup == null, setup));
    }

    void answerNoError(Duration rtt) {
      answer(Rcode.NOERROR, rtt);
    }
  }

  final List<Sent> sent = new CopyOnWriteArrayList<>();
  volatile boolean closed;

  @Override
  public CompletableFuture<UpstreamReply> send(UpstreamRequest request) {
    CompletableFuture<UpstreamReply> f = new CompletableFuture<>();
    sent.add(new Sent(request, f));
    return f;
  }

  Sent last() {
    return sent.get(sent.size() - 1);
  }

  @Override
  public void close() {
    closed = true;
  }
}
