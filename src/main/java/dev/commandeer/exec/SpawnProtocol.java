package dev.commandeer.exec;

import dev.commandeer.exec.Launcher.LaunchException;
import dev.commandeer.exec.ProcessTreeKiller.Signal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The frames exchanged with {@code commandeer-spawn}, as described at the top of {@code
 * src/main/c/commandeer-spawn.c}: a big-endian u32 payload length, a u8 type, the payload; strings
 * are a u32 length and UTF-8 bytes.
 */
final class SpawnProtocol {

  static final int VERSION = 2;
  static final String NAME = "commandeer-spawn";

  /** The largest request the spawner accepts: argv and environment of one run must fit. */
  static final int MAX_REQUEST = 1 << 20;

  static final int SPAWN = 1;
  static final int SIGNAL = 2;
  static final int RELEASE = 3;

  static final int HELLO = 64;
  static final int STARTED = 65;
  static final int FAILED = 66;
  static final int EXITED = 67;
  static final int OUTPUT = 68;
  static final int SIGNALED = 69;
  static final int FATAL = 70;

  private SpawnProtocol() {}

  /** SPAWN: the program's absolute path replaces argv[0]; an empty cwd means the spawner's own. */
  static byte[] spawn(long id, ProcessSpec spec, Path program) throws LaunchException {
    Frame frame = new Frame(SPAWN);
    frame.putLong(id);
    frame.putInt(spec.maxOutputBytes());
    frame.string(spec.cwd() == null ? "" : spec.cwd().toAbsolutePath().toString());
    List<String> argv = spec.argv();
    frame.putInt(argv.size());
    frame.string(program.toString());
    argv.subList(1, argv.size()).forEach(frame::string);
    frame.putInt(spec.env().size());
    for (Map.Entry<String, String> variable : spec.env().entrySet()) {
      frame.string(variable.getKey() + "=" + variable.getValue());
    }
    byte[] bytes = frame.bytes();
    if (bytes.length - 5 > MAX_REQUEST) {
      throw new LaunchException("arguments and environment take more than 1 MiB");
    }
    return bytes;
  }

  static byte[] signal(long id, Signal signal) {
    Frame frame = new Frame(SIGNAL);
    frame.putLong(id);
    frame.putByte(signal == Signal.KILL ? 9 : 15);
    return frame.bytes();
  }

  static byte[] release(long id) {
    Frame frame = new Frame(RELEASE);
    frame.putLong(id);
    return frame.bytes();
  }

  static String string(ByteBuffer payload) {
    byte[] bytes = new byte[payload.getInt()];
    payload.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * A frame being built in memory: a plain growing array (ByteArrayOutputStream locks per byte).
   */
  private static final class Frame {
    private byte[] bytes = new byte[256];
    private int length;

    Frame(int type) {
      putInt(0);
      putByte(type);
    }

    void putByte(int value) {
      room(1);
      bytes[length++] = (byte) value;
    }

    void putInt(int value) {
      room(4);
      bytes[length++] = (byte) (value >>> 24);
      bytes[length++] = (byte) (value >>> 16);
      bytes[length++] = (byte) (value >>> 8);
      bytes[length++] = (byte) value;
    }

    void putLong(long value) {
      putInt((int) (value >>> 32));
      putInt((int) value);
    }

    void string(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      putInt(utf8.length);
      room(utf8.length);
      System.arraycopy(utf8, 0, bytes, length, utf8.length);
      length += utf8.length;
    }

    byte[] bytes() {
      byte[] frame = Arrays.copyOf(bytes, length);
      ByteBuffer.wrap(frame).putInt(0, length - 5);
      return frame;
    }

    private void room(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }
  }
}
