package adot.bench;

import adot.core.Question;
import adot.core.RecursiveResolver;
import adot.core.ResolverOptions;
import adot.core.net.AddressFilter;
import adot.core.time.TimeSource;
import adot.core.transport.NettyUpstream;
import adot.core.transport.Transport;
import adot.core.transport.TransportAdvisor;
import adot.core.transport.UpstreamRequest;
import adot.testkit.Universe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Issue 3's claim: a cold resolution of a name three levels deep costs no more wall time than the round trips it
 * needs. Compares, against the in-process universe on loopback, (a) a cold {@code www.example.com A} through a fresh
 * {@link RecursiveResolver} (QNAME minimisation on: root, com., example.com.) with (b) the same three queries sent one
 * after another through the same transport. Prints the medians and 90th percentiles; the difference is what the
 * resolver itself adds. Run: {@code java -cp bench/target/benchmarks.jar adot.bench.ColdResolutionCheck}.
 */
public final class ColdResolutionCheck {
  private ColdResolutionCheck() {}

  public static void main(String[] args) throws Exception {
    int warmup = 300;
    int runs = 1000;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (Universe u = Universe.startDefault()) {
      Path hints = Files.writeString(Files.createTempFile("hints", ".txt"), u.rootHints());
      ResolverOptions options = ResolverOptions.defaults().withRootHintsFile(hints)
          .withNetwork(u.do53Port(), Duration.ofSeconds(1), AddressFilter.none());
      NettyUpstream upstream = new NettyUpstream(group, u.do53Port(), options.ednsBufferSize(), null,
          AddressFilter.none(), new SimpleMeterRegistry());
      Object[][] hops = {
          {u.rootServerAddresses().get(0), "com."},
          {u.addressOf("ns1.nic.com"), "example.com."},
          {u.addressOf("ns1.example.com"), "www.example.com."}};
      long[] resolver = new long[runs];
      long[] roundTrips = new long[runs];
      for (int i = -warmup; i < runs; i++) {
        RecursiveResolver r = new RecursiveResolver(options, upstream, TransportAdvisor.plainOnly(),
            TimeSource.system(), new SimpleMeterRegistry());
        long t0 = System.nanoTime();
        r.resolve(Question.of("www.example.com.", Type.A)).join();
        long t1 = System.nanoTime();
        for (Object[] hop : hops) {
          Message q = Message.newQuery(
              Record.newRecord(Name.fromConstantString((String) hop[1]), Type.A, DClass.IN));
          q.getHeader().unsetFlag(Flags.RD);
          upstream.send(new UpstreamRequest((java.net.InetAddress) hop[0], q, Transport.DO53_UDP,
              Duration.ofSeconds(1), null)).join();
        }
        long t2 = System.nanoTime();
        if (i >= 0) {
          resolver[i] = t1 - t0;
          roundTrips[i] = t2 - t1;
        }
      }
      Arrays.sort(resolver);
      Arrays.sort(roundTrips);
      System.out.printf("cold www.example.com A through the resolver: median %.1f us, p90 %.1f us%n",
          resolver[runs / 2] / 1e3, resolver[runs * 9 / 10] / 1e3);
      System.out.printf("the same 3 round trips sent directly:        median %.1f us, p90 %.1f us%n",
          roundTrips[runs / 2] / 1e3, roundTrips[runs * 9 / 10] / 1e3);
      upstream.close();
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
