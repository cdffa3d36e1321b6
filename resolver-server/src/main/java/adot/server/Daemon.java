package adot.server;

import adot.config.DaemonConfig;
import adot.core.RecursiveResolver;
import adot.core.iter.QueryFactory;
import adot.core.time.TimeSource;
import adot.core.transport.NettyUpstream;
import adot.core.transport.dot.DotClient;
import adot.probe.DotProbeService;
import adot.server.control.CommandRegistry;
import adot.server.control.ControlOptions;
import adot.server.control.ControlServer;
import adot.server.dns.DnsListeners;
import adot.server.dns.PacketCache;
import adot.server.dns.QueryProcessor;
import adot.server.dns.ResponseBuilder;
import adot.server.metrics.JvmMetrics;
import adot.server.metrics.MetricsHttpServer;
import adot.server.metrics.ServerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from the configuration, starts them in order (resolver, listeners,
 * control socket, metrics endpoint), and stops them in reverse with a bounded grace period for answers in flight.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);
  /** How long a stop waits for questions in flight to be answered. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(5);
  /** After the questions in flight are answered, how long their writes get before the UDP sockets close. */
  private static final Duration STOP_FLUSH = Duration.ofMillis(50);

  private final DaemonConfig config;
  private final EventLoopGroup group;
  private final PrometheusMeterRegistry registry;
  private final NettyUpstream upstream;
  private final RecursiveResolver resolver;
  private final DotProbeService probes;
  private final QueryProcessor processor;
  private final PacketCache packetCache;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private DnsListeners listeners;
  private ControlServer control;
  private MetricsHttpServer metricsServer;
  private final JvmMetrics jvmMetrics;
  private boolean stopping;

  private Daemon(DaemonConfig config, TimeSource time) {
    this.config = config;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.group = new MultiThreadIoEventLoopGroup(config.incoming().threads(),
        new DefaultThreadFactory("dns"), NioIoHandler.newFactory());
    this.upstream = new NettyUpstream(group, config.resolver().do53Port(), config.resolver().ednsBufferSize(),
        new DotClient(group, config.dot(), time, registry), config.resolver().dontQuery(), registry);
    this.probes = new DotProbeService(
        config.probe(), upstream, new QueryFactory(config.resolver().ednsBufferSize()), time, registry);
    this.resolver = new RecursiveResolver(config.resolver(), upstream, probes.advisor(), time, registry);
    ServerMetrics metrics = new ServerMetrics(registry);
    this.packetCache = config.incoming().packetCacheEntries() == 0 ? null
        : new PacketCache(config.incoming().packetCacheEntries(), config.resolver().cache().maxTtl().toSeconds(), time);
    this.processor = new QueryProcessor(resolver, config.incoming().allowFrom(), config.incoming().refuseOverTcp(),
        config.incoming().maxConcurrentResolutions(),
        new ResponseBuilder(config.incoming().udpResponseSizeLimit()), metrics, packetCache);
    registry.gauge("adot.questions.resolving", processor, QueryProcessor::resolving);
    this.jvmMetrics = new JvmMetrics(registry);
  }

  /**
   * Starts a daemon. On failure everything already started is stopped again and the exception says what failed.
   *
   * @throws DnsListeners.BindFailure when a listen address cannot be bound
   * @throws IOException when the control socket or the metrics endpoint cannot be set up
   */
  public static Daemon start(DaemonConfig config, TimeSource time) throws IOException {
    Daemon d = new Daemon(config, time);
    try {
      d.startParts();
    } catch (IOException | RuntimeException e) {
      d.stop();
      throw e;
    }
    return d;
  }

  private void startParts() throws IOException {
    probes.start();
    listeners = new DnsListeners(group, config.incoming(), processor);
    control = new ControlServer(controlOptions(), ControlCommands.registry(this));
    control.start();
    if (config.metrics().listen() != null) {
      try {
        metricsServer = new MetricsHttpServer(config.metrics().listen().socketAddress(), registry);
      } catch (IOException e) {
        throw new IOException("cannot serve metrics on " + config.metrics().listen() + ": " + e.getMessage()
            + " - change metrics.listen, or set it to \"\" to turn the endpoint off", e);
      }
    }
    resolver.prime();
  }

  private ControlOptions controlOptions() {
    ControlOptions defaults = ControlOptions.defaults();
    return new ControlOptions(config.control().socket(), config.control().group(), defaults.maxRequestBytes(),
        config.control().readTimeout(), config.control().maxClients());
  }

  /** Blocks until {@link #stop()} has completed. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops accepting questions, lets those in flight finish for up to {@link #STOP_GRACE}, then closes the control
   * socket, the metrics endpoint and the network. Idempotent; callable from any thread but an event loop.
   */
  public void stop() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    try {
      if (listeners != null) {
        listeners.stopAccepting(); // UDP stays open for the answers still to come
      }
      long deadline = System.nanoTime() + STOP_GRACE.toNanos();
      while (processor.resolving() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20); // shutdown thread only: never on the query path
      }
      if (listeners != null) {
        Thread.sleep(STOP_FLUSH.toMillis()); // the last answers are encoded; let their writes leave
        listeners.close();
      }
      if (control != null) {
        control.stop();
      }
      if (metricsServer != null) {
        metricsServer.close();
      }
      jvmMetrics.close();
      probes.close(); // saves the probe table
      upstream.close();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      log.info("event=stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  @Override
  public void close() {
    stop();
  }

  public RecursiveResolver resolver() {
    return resolver;
  }

  /** Wipes the packet cache (whole responses): after a record-cache wipe, nothing stale may be served from it. */
  public void clearPacketCache() {
    if (packetCache != null) {
      packetCache.clear();
    }
  }

  public DotProbeService probes() {
    return probes;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public DaemonConfig config() {
    return config;
  }

  public List<InetSocketAddress> udpAddresses() {
    return listeners.udpAddresses();
  }

  public List<InetSocketAddress> tcpAddresses() {
    return listeners.tcpAddresses();
  }

  public Path controlSocket() {
    return config.control().socket();
  }

  /** Where metrics are served, or {@code null} when off. */
  public InetSocketAddress metricsAddress() {
    return metricsServer == null ? null : metricsServer.address();
  }
}
