package dev.commandeer.exec;

import static dev.commandeer.exec.SpawnProtocol.EXITED;
import static dev.commandeer.exec.SpawnProtocol.FAILED;
import static dev.commandeer.exec.SpawnProtocol.FATAL;
import static dev.commandeer.exec.SpawnProtocol.HELLO;
import static dev.commandeer.exec.SpawnProtocol.OUTPUT;
import static dev.commandeer.exec.SpawnProtocol.SIGNALED;
import static dev.commandeer.exec.SpawnProtocol.STARTED;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replies of one {@code commandeer-spawn}, read on its {@link Spawner}'s reader thread: each
 * completes a future of the {@link NativeChild} it is about. A child the spawner reports over, or
 * whose start failed, leaves the shared map of children here; a reply about a child that is not
 * there (abandoned after a start timeout) is read and dropped.
 */
final class SpawnReplies implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(SpawnReplies.class);
  private static final int MAX_SMALL_REPLY = 64 * 1024;

  private final DataInputStream in;
  private final Map<Long, NativeChild> children;
  private final Runnable greeted;
  private final Consumer<Exception> ended;

  /**
   * @param greeted run once the spawner greeted with this protocol
   * @param ended told why the replies ended (the end of the spawner's output included)
   */
  SpawnReplies(
      DataInputStream in,
      Map<Long, NativeChild> children,
      Runnable greeted,
      Consumer<Exception> ended) {
    this.in = in;
    this.children = children;
    this.greeted = greeted;
    this.ended = ended;
  }

  /** Reads until the spawner's output ends or cannot be trusted, then tells the listener why. */
  @Override
  public void run() {
    try {
      readHello();
      greeted.run();
      while (true) {
        int length = in.readInt();
        dispatch(in.readUnsignedByte(), length);
      }
    } catch (IOException | RuntimeException e) {
      ended.accept(e);
    }
  }

  private void readHello() throws IOException {
    int length = in.readInt();
    int type = in.readUnsignedByte();
    if (type != HELLO || length < 8 || length > 256) {
      throw new IOException("unexpected first reply (type " + type + ", " + length + " bytes)");
    }
    ByteBuffer payload = ByteBuffer.wrap(in.readNBytes(length));
    int version = payload.getInt();
    String name = SpawnProtocol.string(payload);
    if (version != SpawnProtocol.VERSION || !SpawnProtocol.NAME.equals(name)) {
      throw new IOException(
          "speaks " + name + " protocol " + version + ", not " + SpawnProtocol.VERSION);
    }
  }

  private void dispatch(int type, int length) throws IOException {
    if (type == OUTPUT) {
      readOutput(length);
      return;
    }
    if (length < 0 || length > MAX_SMALL_REPLY) {
      throw new IOException("reply of type " + type + " with " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    ByteBuffer payload = ByteBuffer.wrap(bytes);
    if (type == FATAL) {
      log.error("commandeer-spawn: {}", SpawnProtocol.string(payload));
      return;
    }
    NativeChild child = children.get(payload.getLong());
    if (child == null) {
      return; // abandoned after a start timeout
    }
    switch (type) {
      case STARTED -> child.started(Integer.toUnsignedLong(payload.getInt()));
      case FAILED -> {
        children.remove(child.id());
        child.failed(SpawnProtocol.string(payload));
      }
      case EXITED -> {
        int status = payload.getInt();
        if (over(payload)) {
          children.remove(child.id());
          child.over();
        }
        child.exited(status);
      }
      case SIGNALED -> child.signaled(payload.get() != 0);
      default -> throw new IOException("unknown reply type " + type);
    }
  }

  /** Read field by field: a stream's bytes are checked against the cap before they are read. */
  private void readOutput(int length) throws IOException {
    long id = in.readLong();
    NativeChild child = children.get(id);
    if (child == null) {
      in.skipNBytes(Integer.toUnsignedLong(length) - 8);
      return;
    }
    long stdoutTotal = in.readLong();
    byte[] stdout = readBytes(child.cap());
    long stderrTotal = in.readLong();
    byte[] stderr = readBytes(child.cap());
    if (length != 33 + stdout.length + stderr.length) {
      throw new IOException("OUTPUT reply of " + length + " bytes does not match its fields");
    }
    if (readOver()) {
      children.remove(id);
      child.over();
    }
    child.ended(
        new Launcher.Outputs(
            OutputCapture.output(stdout, stdout.length, stdoutTotal),
            OutputCapture.output(stderr, stderr.length, stderrTotal)));
    if (child.released()) {
      children.remove(id);
    }
  }

  /** The last byte of EXITED and OUTPUT: whether the spawner is done with the run and forgot it. */
  private static boolean over(ByteBuffer payload) throws IOException {
    return flag(payload.get());
  }

  private boolean readOver() throws IOException {
    return flag(in.readByte());
  }

  private static boolean flag(byte value) throws IOException {
    if (value != 0 && value != 1) {
      throw new IOException("flag byte " + value);
    }
    return value == 1;
  }

  private byte[] readBytes(int cap) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > cap) {
      throw new IOException("output of " + length + " bytes exceeds the cap of " + cap);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
