package adot.server.control;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * A reply body streamed to the client as UTF-8 in bounded chunks, so a large dump is never held a second time as
 * one big byte buffer, and {@link io.netty.handler.stream.ChunkedWriteHandler} only encodes the next chunk when the
 * client has read the previous ones.
 *
 * <p>A final newline is appended when the text is not empty and does not end with one, so every reply ends with
 * a complete line.
 */
final class CharSequenceChunkedInput implements ChunkedInput<ByteBuf> {

  /** Characters encoded per chunk: at most 3 bytes each in UTF-8 (4 for a surrogate pair of 2 chars). */
  static final int CHUNK_CHARS = 16 * 1024;

  private final CharSequence text;
  private final boolean appendNewline;
  private int position;
  private boolean newlineWritten;

  CharSequenceChunkedInput(CharSequence text) {
    this.text = text;
    this.appendNewline = text.length() > 0 && text.charAt(text.length() - 1) != '\n';
  }

  @Override
  public boolean isEndOfInput() {
    return position >= text.length() && (!appendNewline || newlineWritten);
  }

  @Override
  public void close() {
    position = text.length();
    newlineWritten = true;
  }

  @Deprecated
  @Override
  public ByteBuf readChunk(ChannelHandlerContext ctx) {
    return readChunk(ctx.alloc());
  }

  @Override
  public ByteBuf readChunk(ByteBufAllocator allocator) {
    if (isEndOfInput()) {
      return null;
    }
    int end = Math.min(text.length(), position + CHUNK_CHARS);
    // Never split a surrogate pair across two chunks: each half alone would be encoded as '?'.
    if (end < text.length() && end > position && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    boolean last = end >= text.length();
    boolean addNewline = last && appendNewline;
    ByteBuf chunk = allocator.buffer(ByteBufUtil.utf8Bytes(text, position, end) + (addNewline ? 1 : 0));
    ByteBufUtil.writeUtf8(chunk, text, position, end);
    if (addNewline) {
      chunk.writeByte('\n');
      newlineWritten = true;
    }
    position = end;
    return chunk;
  }

  @Override
  public long length() {
    return -1;
  }

  @Override
  public long progress() {
    return position;
  }
}
