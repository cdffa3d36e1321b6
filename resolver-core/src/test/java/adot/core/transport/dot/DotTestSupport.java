package adot.core.transport.dot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import adot.core.transport.UpstreamException;
import adot.core.transport.UpstreamReply;
import adot.testkit.Poll;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Small helpers shared by the DoT client's tests. */
final class DotTestSupport {
  private DotTestSupport() {}

  static Message query(String qname, int id) {
    Message query = Message.newQuery(Record.newRecord(name(qname), Type.A, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    query.getHeader().setID(id);
    return query;
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static UpstreamReply reply(CompletableFuture<UpstreamReply> future) throws Exception {
    return future.get(5, TimeUnit.SECONDS);
  }

  static UpstreamException failure(CompletableFuture<UpstreamReply> future) throws Exception {
    try {
      UpstreamReply reply = future.get(5, TimeUnit.SECONDS);
      return fail("expected a failure, got " + reply.message());
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(UpstreamException.class);
      return (UpstreamException) e.getCause();
    }
  }

  /** Polls {@code condition} for up to 3 s. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, what, Duration.ofSeconds(3));
  }

  /** Polls {@code condition} for up to {@code limit}. */
  static void await(BooleanSupplier condition, String what, Duration limit) throws InterruptedException {
    Poll.until(condition, what, limit);
  }
}
