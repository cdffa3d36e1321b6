package adot.core;

import adot.core.net.AddressFilter;
import adot.core.time.TimeSource;
import adot.core.transport.NettyUpstream;
import adot.core.transport.TransportAdvisor;
import adot.core.transport.Upstream;
import adot.testkit.Universe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.xbill.DNS.Name;

/** A real {@link RecursiveResolver} on real sockets, pointed at a test universe. */
final class ResolverHarness implements AutoCloseable {
  static final Duration NETWORK_TIMEOUT = Duration.ofMillis(400);

  final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final NettyUpstream upstream;
  final RecursiveResolver resolver;

  ResolverHarness(Universe universe, Path tempDir) throws IOException {
    this(universe, tempDir, o -> o, TransportAdvisor.plainOnly(), null);
  }

  ResolverHarness(Universe universe, Path tempDir, UnaryOperator<ResolverOptions> tweak,
      TransportAdvisor advisor, Upstream dot) throws IOException {
    this(universe, tempDir, tweak, advisor, dot, TimeSource.system());
  }

  ResolverHarness(Universe universe, Path tempDir, UnaryOperator<ResolverOptions> tweak,
      TransportAdvisor advisor, Upstream dot, TimeSource time) throws IOException {
    Path hints = Files.writeString(tempDir.resolve("root.hints"), universe.rootHints());
    ResolverOptions options = tweak.apply(ResolverOptions.defaults()
        .withRootHintsFile(hints)
        .withNetwork(universe.do53Port(), NETWORK_TIMEOUT, AddressFilter.none()));
    upstream = new NettyUpstream(group, universe.do53Port(), options.ednsBufferSize(), dot, options.dontQuery(),
        registry);
    resolver = new RecursiveResolver(options, upstream, advisor, time, registry);
  }

  Answer resolve(String name, int type) {
    return resolver.resolve(Question.of(name, type)).orTimeout(15, TimeUnit.SECONDS).join();
  }

  static Name name(String s) {
    return Name.fromConstantString(s.endsWith(".") ? s : s + ".");
  }

  @Override
  public void close() {
    upstream.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
