package adot.testkit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds every server's listeners on one shared Do53 port and one shared DoT port. With port 0 it binds the first
 * server on an ephemeral port, reuses that number for every other address, and if any of those binds fails (the
 * port is taken on some address) closes everything and tries again with a new port, a bounded number of times.
 */
final class PortBinder {
    private static final int ATTEMPTS = 25;

    /** The bound channels of one server; {@code dot} is null for plain-only servers. */
    record Bound(Channel udp, Channel tcp, Channel dot) {}

    record Result(int do53Port, int dotPort, Map<AuthServer, Bound> channels) {}

    private PortBinder() {}

    static Result bindAll(List<AuthServer> servers, Listeners listeners, int do53Port, int dotPort) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a universe needs at least one server");
        }
        boolean forced = do53Port != 0 && dotPort != 0;
        RuntimeException last = null;
        for (int attempt = 0; attempt < (forced ? 1 : ATTEMPTS); attempt++) {
            List<Channel> opened = new ArrayList<>();
            try {
                return tryBind(servers, listeners, do53Port, dotPort, opened);
            } catch (BindFailure e) {
                last = e;
                for (Channel c : opened) {
                    c.close().awaitUninterruptibly();
                }
            }
        }
        throw new IllegalStateException("could not bind the universe's listeners after "
                + (forced ? 1 : ATTEMPTS) + " attempt(s)", last);
    }

    private static Result tryBind(List<AuthServer> servers, Listeners listeners, int do53Port, int dotPort,
            List<Channel> opened) {
        AuthServer first = servers.get(0);
        Channel firstUdp = await(listeners.bindUdp(first, do53Port), opened, first, "UDP");
        int port = ((InetSocketAddress) firstUdp.localAddress()).getPort();

        Map<AuthServer, ChannelFuture> udp = new HashMap<>();
        Map<AuthServer, ChannelFuture> tcp = new HashMap<>();
        for (AuthServer s : servers) {
            if (s != first) {
                udp.put(s, listeners.bindUdp(s, port));
            }
            tcp.put(s, listeners.bindTcp(s, port));
        }
        Map<AuthServer, Channel> udpChannels = awaitAll(udp, opened, "UDP");
        udpChannels.put(first, firstUdp);
        Map<AuthServer, Channel> tcpChannels = awaitAll(tcp, opened, "TCP");

        List<AuthServer> dotServers = servers.stream().filter(AuthServer::dotEnabled).toList();
        Map<AuthServer, Channel> dotChannels = new HashMap<>();
        int dot = 0;
        if (!dotServers.isEmpty()) {
            AuthServer firstDot = dotServers.get(0);
            Channel c = await(listeners.bindDot(firstDot, dotPort), opened, firstDot, "DoT");
            dot = ((InetSocketAddress) c.localAddress()).getPort();
            Map<AuthServer, ChannelFuture> rest = new HashMap<>();
            for (AuthServer s : dotServers) {
                if (s != firstDot) {
                    rest.put(s, listeners.bindDot(s, dot));
                }
            }
            dotChannels.putAll(awaitAll(rest, opened, "DoT"));
            dotChannels.put(firstDot, c);
        }
        Map<AuthServer, Bound> result = new HashMap<>();
        for (AuthServer s : servers) {
            result.put(s, new Bound(udpChannels.get(s), tcpChannels.get(s), dotChannels.get(s)));
        }
        return new Result(port, dot, result);
    }

    private static Map<AuthServer, Channel> awaitAll(Map<AuthServer, ChannelFuture> futures, List<Channel> opened,
            String what) {
        Map<AuthServer, Channel> channels = new HashMap<>();
        BindFailure failure = null;
        for (Map.Entry<AuthServer, ChannelFuture> e : futures.entrySet()) {
            try {
                channels.put(e.getKey(), await(e.getValue(), opened, e.getKey(), what));
            } catch (BindFailure f) {
                failure = f; // keep waiting for the others so that every opened channel gets closed
            }
        }
        if (failure != null) {
            throw failure;
        }
        return channels;
    }

    private static Channel await(ChannelFuture f, List<Channel> opened, AuthServer s, String what) {
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new BindFailure(what + " bind of " + s.name() + " on " + s.address().getHostAddress() + " failed: "
                    + f.cause(), f.cause());
        }
        opened.add(f.channel());
        return f.channel();
    }

    private static final class BindFailure extends RuntimeException {
        BindFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
