package adot.core.transport.dot;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.transport.UpstreamException;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class DotFailureTest {
  @Test
  void afterAnswers_resetOrClose_isNotTheServersFault() {
    DotFailure reset = DotFailure.of(new IOException("Connection reset by peer"), true).afterAnswers();
    DotFailure closed = new DotFailure(UpstreamException.Kind.CLOSED, "closed").afterAnswers();

    assertThat(reset.kind()).isEqualTo(UpstreamException.Kind.IO);
    assertThat(reset.blameless()).isTrue();
    assertThat(reset.message()).contains("Connection reset").contains("after answering");
    assertThat(closed.blameless()).isTrue();
  }

  @Test
  void afterAnswers_otherFailures_stayAsTheyAre() {
    DotFailure handshake = DotFailure.of(new SSLHandshakeException("bad"), false);
    DotFailure malformed = new DotFailure(UpstreamException.Kind.MALFORMED, "garbage");

    assertThat(handshake.afterAnswers()).isSameAs(handshake);
    assertThat(malformed.afterAnswers()).isSameAs(malformed);
    assertThat(malformed.afterAnswers().blameless()).isFalse();
  }
}
