package dev.commandeer.exec;

import dev.commandeer.exec.ProcessResult.Output;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one output stream of a program to its end on a blocking thread: keeps the first {@code cap}
 * bytes, counts the rest and keeps draining, so a program writing megabytes never stalls on a full
 * pipe.
 */
final class OutputCapture implements Runnable {

  private final InputStream in;
  private final int cap;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private byte[] captured = new byte[0];
  private int size;
  private long total;

  OutputCapture(InputStream in, int cap) {
    this.in = in;
    this.cap = cap;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        append(buffer, n);
      }
    } catch (IOException e) {
      // The stream broke (closed under us when the program ended): what was read is the output.
    } finally {
      done.complete(null);
    }
  }

  /** Completes when the stream reached its end, on the reading thread. */
  CompletableFuture<Void> done() {
    return done;
  }

  /** The output read so far; safe to call while the reader still runs. */
  synchronized Output snapshot() {
    return output(captured, size, total);
  }

  /** The first {@code length} bytes of {@code bytes} as the output of a stream that wrote total. */
  static Output output(byte[] bytes, int length, long total) {
    return new Output(decode(bytes, length, total > length), total, total > length);
  }

  private synchronized void append(byte[] buffer, int n) {
    int keep = Math.min(n, cap - size);
    if (keep > 0) {
      if (size + keep > captured.length) {
        captured = Arrays.copyOf(captured, Math.min(cap, Math.max(size + keep, size * 2)));
      }
      System.arraycopy(buffer, 0, captured, size, keep);
      size += keep;
    }
    total += n;
  }

  /**
   * UTF-8 with malformed bytes replaced. When the cap cut the output, an incomplete character at
   * the very end is left out rather than shown as a replacement character.
   */
  static String decode(byte[] bytes, int length, boolean cut) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
    CharBuffer out = CharBuffer.allocate(length);
    decoder.decode(in, out, !cut);
    if (!cut) {
      decoder.flush(out);
    }
    return out.flip().toString();
  }
}
