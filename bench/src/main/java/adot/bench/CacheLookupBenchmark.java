package adot.bench;

import adot.core.Answer;
import adot.core.Question;
import adot.core.RecursiveResolver;
import adot.core.ResolverOptions;
import adot.core.cache.Credibility;
import adot.core.time.TimeSource;
import adot.core.transport.TransportAdvisor;
import adot.core.transport.Upstream;
import adot.core.transport.UpstreamException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A client question answered from the cache: the resolver's whole cache-hit path (positive cache, CNAME check,
 * answer record), without the network. Target (issue 3): at least 1 million per second per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheLookupBenchmark {
  private RecursiveResolver resolver;
  private Question[] questions;

  @Setup
  public void setUp() throws Exception {
    Upstream offline = new Upstream() {
      @Override
      public CompletableFuture<adot.core.transport.UpstreamReply> send(adot.core.transport.UpstreamRequest r) {
        return CompletableFuture.failedFuture(new UpstreamException(UpstreamException.Kind.NOT_SENT, "offline"));
      }

      @Override
      public void close() {}
    };
    resolver = new RecursiveResolver(ResolverOptions.defaults(), offline, TransportAdvisor.plainOnly(),
        TimeSource.system(), new SimpleMeterRegistry());
    questions = new Question[1024];
    for (int i = 0; i < questions.length; i++) {
      Name name = Name.fromConstantString("host" + i + ".example.com.");
      resolver.recordCache().put(List.of(new ARecord(name, DClass.IN, 86400,
          InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) i}))), Credibility.AUTH_ANSWER);
      questions[i] = Question.of(name, Type.A);
    }
  }

  private int next;

  @Benchmark
  public Answer cachedAnswer() {
    Question q = questions[next++ & 1023];
    return resolver.resolve(q).getNow(null);
  }
}
