package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code commandeer-spawn} binary on its own, spoken to byte by byte. */
class CommandeerSpawnTest {

  Process spawner;
  DataOutputStream requests;
  DataInputStream replies;

  @BeforeEach
  void startSpawner() throws IOException {
    TestPrograms.requireLauncher(ProcessRunner.LaunchMode.NATIVE);
    NativeLauncher launcher = NativeLauncher.start(Path.of("/none"), Path.of("/none"));
    Path binary = launcher.binary();
    launcher.close();
    ProcessBuilder builder = new ProcessBuilder(binary.toString());
    builder.environment().clear();
    spawner = builder.start();
    requests = new DataOutputStream(spawner.getOutputStream());
    replies = new DataInputStream(spawner.getInputStream());
  }

  @AfterEach
  void stopSpawner() {
    if (spawner != null) {
      spawner.destroyForcibly();
    }
  }

  @Test
  void greets_with_its_name_and_protocol_version() throws IOException {
    ByteBuffer hello = reply(SpawnProtocol.HELLO);

    assertThat(hello.getInt()).isEqualTo(SpawnProtocol.VERSION);
    assertThat(SpawnProtocol.string(hello)).isEqualTo("commandeer-spawn");
  }

  @Test
  void answers_a_spawn_request_whose_counts_do_not_match_its_bytes_with_failed() throws Exception {
    reply(SpawnProtocol.HELLO);
    ByteBuffer spawn = ByteBuffer.allocate(8 + 4 + 4 + 4 + 4);
    spawn.putLong(7).putInt(100).putInt(0).putInt(1000).putInt(0);

    send(SpawnProtocol.SPAWN, spawn.array());
    ByteBuffer failed = reply(SpawnProtocol.FAILED);

    assertThat(failed.getLong()).isEqualTo(7);
    assertThat(SpawnProtocol.string(failed)).startsWith("malformed SPAWN request");
    assertThat(spawner.isAlive()).isTrue();
  }

  @Test
  void refuses_a_program_given_by_a_relative_path() throws Exception {
    reply(SpawnProtocol.HELLO);
    byte[] name = "echo".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer spawn = ByteBuffer.allocate(8 + 4 + 4 + 4 + 4 + name.length + 4);
    spawn.putLong(8).putInt(100).putInt(0).putInt(1).putInt(name.length).put(name).putInt(0);

    send(SpawnProtocol.SPAWN, spawn.array());
    ByteBuffer failed = reply(SpawnProtocol.FAILED);

    assertThat(failed.getLong()).isEqualTo(8);
    assertThat(SpawnProtocol.string(failed))
        .isEqualTo("the program must be given as an absolute path");
  }

  @Test
  void exits_with_a_clear_message_on_a_request_larger_than_one_mebibyte() throws Exception {
    reply(SpawnProtocol.HELLO);

    requests.writeInt(2 << 20);
    requests.writeByte(SpawnProtocol.SPAWN);
    requests.flush();
    ByteBuffer fatal = reply(SpawnProtocol.FATAL);

    assertThat(SpawnProtocol.string(fatal))
        .isEqualTo("request of 2097152 bytes exceeds the limit of 1048576 bytes");
    assertThat(spawner.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(spawner.exitValue()).isEqualTo(2);
  }

  @Test
  void exits_with_a_clear_message_on_an_unknown_request() throws Exception {
    reply(SpawnProtocol.HELLO);

    send(42, new byte[0]);
    ByteBuffer fatal = reply(SpawnProtocol.FATAL);

    assertThat(SpawnProtocol.string(fatal)).isEqualTo("unknown request type 42");
    assertThat(spawner.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private void send(int type, byte[] payload) throws IOException {
    requests.writeInt(payload.length);
    requests.writeByte(type);
    requests.write(payload);
    requests.flush();
  }

  private ByteBuffer reply(int expectedType) throws IOException {
    int length = replies.readInt();
    int type = replies.readUnsignedByte();
    assertThat(type).as("reply type").isEqualTo(expectedType);
    byte[] payload = new byte[length];
    replies.readFully(payload);
    return ByteBuffer.wrap(payload);
  }
}
