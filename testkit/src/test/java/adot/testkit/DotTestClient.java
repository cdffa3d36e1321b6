package adot.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.xbill.DNS.Message;

/**
 * A minimal DoT client for tests: JDK SSLSocket trusting any certificate (opportunistic DoT does not validate),
 * optional ALPN, RFC 7858 length-prefixed framing. Sessions resume when the same {@link SSLContext} is reused.
 */
final class DotTestClient implements AutoCloseable {
    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects and completes the TLS handshake (at most {@code timeoutMillis} for each step). */
    DotTestClient(SSLContext context, InetSocketAddress server, int timeoutMillis, String protocol, String... alpn)
            throws IOException {
        socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(server, timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        SSLParameters params = socket.getSSLParameters();
        if (protocol != null) {
            params.setProtocols(new String[] {protocol});
        }
        if (alpn.length > 0) {
            params.setApplicationProtocols(alpn);
        }
        socket.setSSLParameters(params);
        socket.startHandshake();
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    SSLSocket socket() {
        return socket;
    }

    void send(Message query) throws IOException {
        byte[] wire = query.toWire();
        byte[] framed = new byte[wire.length + 2];
        framed[0] = (byte) (wire.length >>> 8);
        framed[1] = (byte) wire.length;
        System.arraycopy(wire, 0, framed, 2, wire.length);
        out.write(framed);
        out.flush();
    }

    byte[] readFrame() throws IOException {
        int length = in.readUnsignedShort();
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    Message read() throws IOException {
        return new Message(readFrame());
    }

    Message query(Message query) throws IOException {
        send(query);
        return read();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
