package adot.core.transport.dot;

import adot.core.transport.UpstreamException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Why a connection failed, in the resolver's terms; built from Netty / JDK exceptions by {@link #of}.
 *
 * @param blameless whether the server is not to blame: the client closed the connection itself, or the server closed
 *     it cleanly after answering on it (RFC 7766 §6.2.4: a server may close any connection; the queries left on it are
 *     resent). What was on such a connection is retried once, even on a connection opened for it.
 */
record DotFailure(UpstreamException.Kind kind, String message, boolean blameless) {

  DotFailure(UpstreamException.Kind kind, String message) {
    this(kind, message, false);
  }

  /**
   * Classifies a connection-level exception.
   *
   * @param established whether the TLS handshake had completed: before that, any TLS error is a handshake failure
   */
  static DotFailure of(Throwable failure, boolean established) {
    Throwable cause = failure;
    if (cause instanceof DecoderException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String detail = describe(cause);
    // ConnectTimeoutException is a ConnectException, and SslHandshakeTimeoutException an SSLHandshakeException:
    // test the timeouts first.
    if (cause instanceof ConnectTimeoutException) {
      return new DotFailure(UpstreamException.Kind.TIMEOUT, "DoT connect timed out");
    }
    if (cause instanceof SslHandshakeTimeoutException) {
      return new DotFailure(UpstreamException.Kind.TIMEOUT, "DoT TLS handshake timed out");
    }
    if (cause instanceof ConnectException) {
      return new DotFailure(UpstreamException.Kind.CONNECTION_REFUSED, "DoT connect failed: " + detail);
    }
    if (cause instanceof SSLHandshakeException || (!established && cause instanceof SSLException)) {
      return new DotFailure(UpstreamException.Kind.TLS_HANDSHAKE, "DoT TLS handshake failed: " + detail);
    }
    if (cause instanceof ClosedChannelException) {
      return new DotFailure(UpstreamException.Kind.CLOSED, "DoT connection closed");
    }
    return new DotFailure(UpstreamException.Kind.IO, "DoT I/O error: " + detail);
  }

  /**
   * This failure on a connection that has already answered queries. A close or an I/O error there (a TCP reset: what a
   * server that caps queries per connection sends when it closes with our next queries unread in its socket) is not
   * the server's fault (RFC 7766 §6.2.4), and what was left on the connection is resent; any other failure stays as is.
   */
  DotFailure afterAnswers() {
    if (blameless || (kind != UpstreamException.Kind.IO && kind != UpstreamException.Kind.CLOSED)) {
      return this;
    }
    return new DotFailure(kind, message + ", after answering on the connection", true);
  }

  /**
   * The exception's class and message, and for a TLS exception also its innermost cause: BoringSSL reports a rejected
   * certificate as "General OpenSslEngine problem", with the trust manager's reason only in the cause.
   */
  private static String describe(Throwable failure) {
    String detail = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    if (!(failure instanceof SSLException)) {
      return detail;
    }
    Throwable root = innermostCause(failure);
    if (root == failure || detail.contains(String.valueOf(root.getMessage()))) {
      return detail;
    }
    return detail + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  /** The end of {@code failure}'s cause chain (at most 10 links down), or {@code failure} itself when it has none. */
  static Throwable innermostCause(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
      root = root.getCause();
    }
    return root;
  }
}
