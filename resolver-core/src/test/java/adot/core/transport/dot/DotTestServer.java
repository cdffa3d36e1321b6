package adot.core.transport.dot;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DoT responder for the client's tests: TLS 1.3 (JDK provider, certificate from a throw-away test root, ALPN "dot") on 127.0.0.1,
 * answering every A query with {@link #ANSWER}. Switches (set before the queries they affect) inject faults; what it
 * saw is recorded for assertions.
 */
final class DotTestServer implements AutoCloseable {
  static final InetAddress ANSWER = address("192.0.2.1");
  private static final X509Bundle CERTIFICATE = certificate();

  /** One completed handshake as the server saw it. */
  record Handshake(String sni, String alpn, String protocol, long sessionCreationTime) {}

  // Switches.
  /** Delay before each reply. */
  volatile long delayMillis;
  /** Delay before the server reads a new connection at all (its TLS handshake completes that much later). */
  volatile long handshakeDelayMillis;
  /** When > 1: hold queries until this many arrived on a connection, then answer them in reverse order. */
  volatile int reverseBatch;
  /** When >= 0: a connection that already sent this many replies closes when the next query arrives. */
  volatile int closeOnQueryAfterReplies = -1;
  /** When >= 1: a connection closes right after sending this many replies. */
  volatile int closeAfterReplies = -1;
  /**
   * When >= 1: right after sending this many replies a connection is reset (TCP RST, no close_notify), as a server
   * that closes with queries still unread in its socket.
   */
  volatile int resetAfterReplies = -1;
  /** When >= 1: right after sending this many replies a connection sends close_notify and keeps TCP open. */
  volatile int closeNotifyAfterReplies = -1;
  /** Answer with bytes that are not a DNS message. */
  volatile boolean garbage;
  /** Before each real reply, send one with the same ID but another question. */
  volatile boolean bogusReplyFirst;
  /** Before each real reply, send the query itself back (QR clear), as a reflecting middlebox would. */
  volatile boolean echoQueryFirst;
  /** Complete the handshake, read queries, never answer. */
  volatile boolean silent;
  /** When >= 1: a connection that sent this many replies reads further queries and never answers them. */
  volatile int silentAfterReplies = -1;
  /** Read queries for this name and never answer them (answer the others). */
  volatile Name ignoredName;
  /** Leave Nagle's algorithm on for connections accepted from now on (NSD 4.6 behaves so on its DoT port). */
  volatile boolean nagle;

  // Observations.
  final AtomicInteger connectionsAccepted = new AtomicInteger();
  /**
   * Handshakes in which the server chose its certificate: full handshakes. A resumed handshake (TLS 1.3 PSK) sends no
   * certificate, so it does not count.
   */
  final AtomicInteger fullHandshakes = new AtomicInteger();
  final AtomicInteger connectionsOpen = new AtomicInteger();
  final AtomicInteger maxInFlightOnOneConnection = new AtomicInteger();
  final Queue<Handshake> handshakes = new ConcurrentLinkedQueue<>();
  final Queue<Integer> queryLengths = new ConcurrentLinkedQueue<>();
  final Queue<Message> queries = new ConcurrentLinkedQueue<>();
  /** IDs of the replies in the order they were written. */
  final Queue<Integer> replyOrder = new ConcurrentLinkedQueue<>();

  private final LoopbackListener listener;

  private DotTestServer(EventLoopGroup group, String protocol) throws Exception {
    SslContext tls =
        SslContextBuilder.forServer(new CountingKeyManager())
            .sslProvider(SslProvider.JDK)
            .protocols(protocol)
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    "dot"))
            .build();
    listener = new LoopbackListener(group, ch -> {
      if (nagle) {
        ch.config().setOption(ChannelOption.TCP_NODELAY, false);
      }
      SslHandler ssl = tls.newHandler(ch.alloc());
      ch.pipeline()
          .addLast(ssl)
          .addLast(new LengthFieldBasedFrameDecoder(65537, 0, 2, 0, 2))
          .addLast(new LengthFieldPrepender(2))
          .addLast(new Responder(ssl));
      long wait = handshakeDelayMillis;
      if (wait > 0) {
        ch.config().setAutoRead(false);
        ch.eventLoop().schedule(() -> ch.config().setAutoRead(true), wait, TimeUnit.MILLISECONDS);
      }
    });
  }

  /** A TLS 1.3 server. */
  static DotTestServer start(EventLoopGroup group) throws Exception {
    return new DotTestServer(group, "TLSv1.3");
  }

  /** A server speaking only {@code protocol} ("TLSv1.2", "TLSv1.3"). */
  static DotTestServer start(EventLoopGroup group, String protocol) throws Exception {
    return new DotTestServer(group, protocol);
  }

  int port() {
    return listener.port();
  }

  List<Handshake> handshakeList() {
    return new ArrayList<>(handshakes);
  }

  @Override
  public void close() {
    listener.close();
  }

  /** Per-connection state; runs on that connection's event loop. */
  private final class Responder extends ChannelInboundHandlerAdapter {
    private final SslHandler ssl;
    private final List<Message> held = new ArrayList<>();
    private int inFlight;
    private int repliesSent;

    Responder(SslHandler ssl) {
      this.ssl = ssl;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      connectionsAccepted.incrementAndGet();
      connectionsOpen.incrementAndGet();
      ssl.handshakeFuture()
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  SSLSession session = ssl.engine().getSession();
                  handshakes.add(
                      new Handshake(sni(session), ssl.applicationProtocol(), session.getProtocol(),
                          session.getCreationTime()));
                }
              });
      ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      connectionsOpen.decrementAndGet();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
      ByteBuf frame = (ByteBuf) msg;
      byte[] bytes = ByteBufUtil.getBytes(frame);
      frame.release();
      queryLengths.add(bytes.length);
      Message query = new Message(bytes);
      queries.add(query);
      if (closeOnQueryAfterReplies >= 0 && repliesSent >= closeOnQueryAfterReplies) {
        ctx.close();
        return;
      }
      if (silent
          || query.getQuestion().getName().equals(ignoredName)
          || (silentAfterReplies >= 1 && repliesSent >= silentAfterReplies)) {
        return;
      }
      inFlight++;
      maxInFlightOnOneConnection.accumulateAndGet(inFlight, Math::max);
      if (reverseBatch > 1) {
        held.add(query);
        if (held.size() >= reverseBatch) {
          for (int i = held.size() - 1; i >= 0; i--) {
            reply(ctx, held.get(i));
          }
          held.clear();
        }
      } else if (delayMillis > 0) {
        ctx.executor().schedule(() -> reply(ctx, query), delayMillis, TimeUnit.MILLISECONDS);
      } else {
        reply(ctx, query);
      }
    }

    private void reply(ChannelHandlerContext ctx, Message query) {
      inFlight--;
      if (garbage) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        return;
      }
      if (bogusReplyFirst) {
        Message bogus = answer(query.getHeader().getID(), Record.newRecord(name("bogus.invalid."), Type.A, DClass.IN));
        ctx.write(Unpooled.wrappedBuffer(bogus.toWire()));
      }
      if (echoQueryFirst) {
        ctx.write(Unpooled.wrappedBuffer(query.toWire()));
      }
      replyOrder.add(query.getHeader().getID());
      ChannelFuture written =
          ctx.writeAndFlush(Unpooled.wrappedBuffer(answer(query.getHeader().getID(), query.getQuestion()).toWire()));
      repliesSent++;
      if (closeAfterReplies >= 1 && repliesSent >= closeAfterReplies) {
        ctx.close();
      }
      if (resetAfterReplies >= 1 && repliesSent == resetAfterReplies) {
        written.addListener(f -> {
          ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
          // From the TLS handler's own context: the close goes below it, so no close_notify is sent.
          ctx.pipeline().context(SslHandler.class).close();
        });
      }
      if (closeNotifyAfterReplies >= 1 && repliesSent == closeNotifyAfterReplies) {
        written.addListener(f -> ssl.closeOutbound());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** The test certificate's key manager, counting certificate selections. */
  private final class CountingKeyManager extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager delegate;

    CountingKeyManager() throws Exception {
      delegate = (X509ExtendedKeyManager) CERTIFICATE.toKeyManagerFactory().getKeyManagers()[0];
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      String alias = delegate.chooseEngineServerAlias(keyType, issuers, engine);
      if (alias != null) {
        fullHandshakes.incrementAndGet();
      }
      return alias;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return delegate.getPrivateKey(alias);
    }
  }

  private static Message answer(int id, Record question) {
    Message reply = new Message(id);
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    reply.addRecord(question, Section.QUESTION);
    if (question.getType() == Type.A) {
      reply.addRecord(new ARecord(question.getName(), DClass.IN, 60, ANSWER), Section.ANSWER);
    }
    return reply;
  }

  private static String sni(SSLSession session) {
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return host.getAsciiName();
        }
      }
    }
    return null;
  }

  private static X509Bundle certificate() {
    try {
      X509Bundle root =
          new CertificateBuilder().subject("CN=adot test root").setIsCertificateAuthority(true).ecp256()
              .buildSelfSigned();
      return new CertificateBuilder()
          .subject("CN=ns1.example.test")
          .addSanDnsName("ns1.example.test")
          .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
          .addExtendedKeyUsageServerAuth()
          .ecp256()
          .buildIssuedBy(root);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
