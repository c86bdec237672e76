package dev.commandeer.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Ended runs as the memory store keeps them: one byte array each instead of some thirty objects
 * (the record, its origin, strings, times). The history holds thousands of them, each for longer
 * than a young collection's interval under load, so as objects they were what every collection
 * copied; an array costs a copy of its bytes. The channel id comes first, so that a channel's
 * history is found without decoding the others.
 */
final class RunCodec {

  private static final RunStatus[] STATUSES = RunStatus.values();
  private static final ReplyState[] REPLY_STATES = ReplyState.values();

  private static final int HAS_EXIT_CODE = 1;
  private static final int HAS_STARTED = 2;
  private static final int HAS_FINISHED = 4;
  private static final int HAS_DURATION = 8;
  private static final int CANCEL_REQUESTED = 16;

  private RunCodec() {}

  static byte[] encode(RunRecord run) {
    Writer out = new Writer();
    RunOrigin origin = run.origin();
    out.string(origin.channelId());
    out.string(run.id());
    out.string(run.instanceId());
    out.string(origin.ingress());
    out.string(origin.teamId());
    out.string(origin.teamName());
    out.string(origin.channelName());
    out.string(origin.userId());
    out.string(origin.userName());
    out.string(origin.postId());
    out.string(origin.rootId());
    out.string(run.command());
    out.string(run.arguments());
    out.string(run.replyPostId());
    out.number(run.status().ordinal());
    out.number(run.replyState().ordinal());
    int flags =
        (run.exitCode() != null ? HAS_EXIT_CODE : 0)
            | (run.startedAt() != null ? HAS_STARTED : 0)
            | (run.finishedAt() != null ? HAS_FINISHED : 0)
            | (run.duration() != null ? HAS_DURATION : 0)
            | (run.cancelRequested() ? CANCEL_REQUESTED : 0);
    out.number(flags);
    if (run.exitCode() != null) {
      out.number(run.exitCode());
    }
    out.instant(run.createdAt());
    if (run.startedAt() != null) {
      out.instant(run.startedAt());
    }
    if (run.finishedAt() != null) {
      out.instant(run.finishedAt());
    }
    if (run.duration() != null) {
      out.number(run.duration().toMillis());
    }
    return out.bytes();
  }

  static RunRecord decode(byte[] bytes) {
    Reader in = new Reader(bytes);
    String channelId = in.string();
    String id = in.string();
    String instanceId = in.string();
    RunOrigin origin =
        new RunOrigin(
            in.string(),
            in.string(),
            in.string(),
            channelId,
            in.string(),
            in.string(),
            in.string(),
            in.string(),
            in.string());
    String command = in.string();
    String arguments = in.string();
    String replyPostId = in.string();
    RunStatus status = STATUSES[(int) in.number()];
    ReplyState replyState = REPLY_STATES[(int) in.number()];
    int flags = (int) in.number();
    Integer exitCode = (flags & HAS_EXIT_CODE) != 0 ? (int) in.number() : null;
    Instant createdAt = in.instant();
    Instant startedAt = (flags & HAS_STARTED) != 0 ? in.instant() : null;
    Instant finishedAt = (flags & HAS_FINISHED) != 0 ? in.instant() : null;
    Duration duration = (flags & HAS_DURATION) != 0 ? Duration.ofMillis(in.number()) : null;
    return new RunRecord(
        id,
        instanceId,
        origin,
        command,
        arguments,
        status,
        exitCode,
        createdAt,
        startedAt,
        finishedAt,
        duration,
        replyState,
        replyPostId,
        (flags & CANCEL_REQUESTED) != 0);
  }

  /** Whether the encoded run belongs to the channel whose id is {@code channelId} in UTF-8. */
  static boolean inChannel(byte[] run, byte[] channelId) {
    Reader in = new Reader(run);
    int length = (int) in.number();
    return length == channelId.length
        && Arrays.equals(run, in.at, in.at + length, channelId, 0, length);
  }

  /** Unsigned LEB128 numbers (zig-zag for signed values), strings as length and UTF-8. */
  private static final class Writer {
    private byte[] buffer = new byte[160];
    private int size;

    void string(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      number(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buffer, size, utf8.length);
      size += utf8.length;
    }

    void number(long value) {
      long v = value << 1 ^ value >> 63;
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buffer[size++] = (byte) (v & 0x7F | 0x80);
        v >>>= 7;
      }
      buffer[size++] = (byte) v;
    }

    void instant(Instant instant) {
      number(instant.getEpochSecond());
      number(instant.getNano());
    }

    byte[] bytes() {
      return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
      if (size + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
      }
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    private int at;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    String string() {
      int length = (int) number();
      String s = new String(bytes, at, length, StandardCharsets.UTF_8);
      at += length;
      return s;
    }

    long number() {
      long v = 0;
      int shift = 0;
      byte b;
      do {
        b = bytes[at++];
        v |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      return v >>> 1 ^ -(v & 1);
    }

    Instant instant() {
      return Instant.ofEpochSecond(number(), number());
    }
  }
}
