package adot.config;

import adot.core.net.AddressFilter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the client-facing listeners ({@code incoming} section).
 *
 * @param listen addresses to serve DNS on, UDP and TCP ({@code incoming.listen})
 * @param allowFrom clients that get answers ({@code incoming.allow-from}, PowerDNS {@code allow-from})
 * @param refuseOverTcp whether disallowed TCP clients get REFUSED to their first query, then the connection closed
 *     (true), or the connection closed at accept (false)
 * @param tcpIdleTimeout idle TCP connections are closed after this (RFC 7766 §6.2.3; PowerDNS
 *     {@code client-tcp-timeout})
 * @param maxTcpClients concurrent TCP connections (PowerDNS {@code max-tcp-clients})
 * @param maxTcpQueriesInFlight pipelined queries per TCP connection being resolved at once
 * @param maxConcurrentResolutions questions being resolved at once; more are dropped (PowerDNS {@code max-mthreads})
 * @param udpResponseSizeLimit largest UDP response sent, whatever the client's EDNS size (1232)
 * @param threads event-loop threads for listeners and outgoing queries ({@code recursor.threads})
 * @param packetCacheEntries whole responses kept for repeated questions ({@code cache.max-packet-entries}); 0 = off
 */
public record IncomingOptions(
    List<ListenAddress> listen,
    AddressFilter allowFrom,
    boolean refuseOverTcp,
    Duration tcpIdleTimeout,
    int maxTcpClients,
    int maxTcpQueriesInFlight,
    int maxConcurrentResolutions,
    int udpResponseSizeLimit,
    int threads,
    long packetCacheEntries) {

  public IncomingOptions {
    listen = List.copyOf(listen);
    Objects.requireNonNull(allowFrom, "allowFrom");
    Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
    if (threads <= 0 || maxTcpClients <= 0 || maxTcpQueriesInFlight <= 0 || maxConcurrentResolutions <= 0) {
      throw new IllegalArgumentException("thread and client limits must be positive");
    }
    if (packetCacheEntries < 0) {
      throw new IllegalArgumentException("packetCacheEntries must not be negative");
    }
    if (udpResponseSizeLimit < 512 || udpResponseSizeLimit > 65535) {
      throw new IllegalArgumentException("udpResponseSizeLimit must be 512..65535");
    }
  }

  public static IncomingOptions defaults() {
    return new IncomingOptions(
        List.of(ListenAddress.parse("127.0.0.1:53")),
        AddressFilter.parse(AddressFilter.DEFAULT_ALLOW_FROM),
        true,
        Duration.ofSeconds(10),
        1024,
        32,
        2048,
        1232,
        Runtime.getRuntime().availableProcessors(),
        500_000);
  }

  public IncomingOptions withListen(List<ListenAddress> addresses) {
    return new IncomingOptions(addresses, allowFrom, refuseOverTcp, tcpIdleTimeout, maxTcpClients,
        maxTcpQueriesInFlight, maxConcurrentResolutions, udpResponseSizeLimit, threads, packetCacheEntries);
  }

  public IncomingOptions withAllowFrom(AddressFilter filter) {
    return new IncomingOptions(listen, filter, refuseOverTcp, tcpIdleTimeout, maxTcpClients,
        maxTcpQueriesInFlight, maxConcurrentResolutions, udpResponseSizeLimit, threads, packetCacheEntries);
  }

  public IncomingOptions withMaxConcurrentResolutions(int max) {
    return new IncomingOptions(listen, allowFrom, refuseOverTcp, tcpIdleTimeout, maxTcpClients,
        maxTcpQueriesInFlight, max, udpResponseSizeLimit, threads, packetCacheEntries);
  }
}
