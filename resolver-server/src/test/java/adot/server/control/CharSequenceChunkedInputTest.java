package adot.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CharSequenceChunkedInputTest {

  private static String drain(CharSequenceChunkedInput input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int chunks = 0;
    ByteBuf chunk;
    while ((chunk = input.readChunk(ByteBufAllocator.DEFAULT)) != null) {
      byte[] bytes = new byte[chunk.readableBytes()];
      chunk.readBytes(bytes);
      chunk.release();
      out.writeBytes(bytes);
      chunks++;
    }
    assertThat(input.isEndOfInput()).isTrue();
    assertThat(chunks).isLessThanOrEqualTo(100);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void readChunk_surrogatePairOnChunkBoundary_keptWhole() {
    // The pair's high half is the last char of the first chunk unless the input backs off by one.
    String text = "a".repeat(CharSequenceChunkedInput.CHUNK_CHARS - 1) + "\uD83D\uDE00" + "tail\n";

    assertThat(drain(new CharSequenceChunkedInput(text))).isEqualTo(text);
  }

  @Test
  void readChunk_missingFinalNewline_appended() {
    assertThat(drain(new CharSequenceChunkedInput("pong"))).isEqualTo("pong\n");
    String exact = "b".repeat(CharSequenceChunkedInput.CHUNK_CHARS);
    assertThat(drain(new CharSequenceChunkedInput(exact))).isEqualTo(exact + "\n");
  }

  @Test
  void readChunk_emptyBody_nothingWritten() {
    CharSequenceChunkedInput input = new CharSequenceChunkedInput("");

    assertThat(input.isEndOfInput()).isTrue();
    assertThat(input.readChunk(ByteBufAllocator.DEFAULT)).isNull();
  }
}
