package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code commandeer-spawn} binary on its own, spoken to byte by byte. */
class CommandeerSpawnTest {

  Path binary;
  Process spawner;
  int lastType;
  DataOutputStream requests;
  DataInputStream replies;

  @BeforeEach
  void startSpawner() throws IOException {
    TestPrograms.requireLauncher(ProcessRunner.LaunchMode.NATIVE);
    NativeLauncher launcher = NativeLauncher.start(Path.of("/none"), Path.of("/none"));
    binary = launcher.binary();
    launcher.close();
    start(List.of(binary.toString()));
  }

  /** Closing its stdin makes it kill whatever a test left running. */
  @AfterEach
  void stopSpawner() throws Exception {
    if (spawner != null) {
      requests.close();
      if (!spawner.waitFor(10, TimeUnit.SECONDS)) {
        spawner.destroyForcibly();
      }
    }
  }

  private void start(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    spawner = builder.start();
    requests = new DataOutputStream(spawner.getOutputStream());
    replies = new DataInputStream(spawner.getInputStream());
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

  @Test
  void answers_failed_when_it_runs_out_of_descriptors_and_starts_programs_again_once_some_end()
      throws Exception {
    stopSpawner();
    start(List.of("/bin/sh", "-c", "ulimit -n 16 && exec \"$0\"", binary.toString()));
    reply(SpawnProtocol.HELLO);
    ProcessSpec sleep = TestPrograms.spec(Duration.ofMinutes(1), "sleep", "300");

    List<Long> started = new ArrayList<>();
    ByteBuffer failed = null;
    for (long id = 1; id <= 16 && failed == null; id++) {
      requests.write(SpawnProtocol.spawn(id, sleep, Path.of("/bin/sleep")));
      requests.flush();
      ByteBuffer answer = replyOf(SpawnProtocol.STARTED, SpawnProtocol.FAILED);
      if (lastType == SpawnProtocol.STARTED) {
        started.add(answer.getLong());
      } else {
        failed = answer;
      }
    }

    assertThat(started).isNotEmpty();
    assertThat(failed).as("a FAILED reply").isNotNull();
    failed.getLong();
    assertThat(SpawnProtocol.string(failed)).isEqualTo("cannot create a pipe: Too many open files");
    requests.write(SpawnProtocol.signal(started.get(0), ProcessTreeKiller.Signal.KILL));
    requests.flush();
    assertThat(replyOf(SpawnProtocol.OUTPUT).getLong()).isEqualTo(started.get(0));
    requests.write(SpawnProtocol.spawn(100, sleep, Path.of("/bin/sleep")));
    requests.flush();
    assertThat(replyOf(SpawnProtocol.STARTED).getLong()).isEqualTo(100);
  }

  @Test
  void reports_a_run_over_with_its_second_end_and_forgets_it_when_its_group_is_empty()
      throws Exception {
    reply(SpawnProtocol.HELLO);

    List<Boolean> overs =
        endsOf(5, TestPrograms.spec(Duration.ofMinutes(1), "echo", "hi"), "/bin/echo");

    assertThat(overs).containsExactly(false, true);
    ByteBuffer signaled = signal(5, ProcessTreeKiller.Signal.TERM);
    assertThat(signaled.getLong()).isEqualTo(5);
    assertThat(signaled.get()).as("found anything to signal").isEqualTo((byte) 0);
  }

  @Test
  void keeps_a_run_whose_program_left_a_process_in_its_group_until_released() throws Exception {
    reply(SpawnProtocol.HELLO);
    ProcessSpec spec =
        TestPrograms.spec(Duration.ofMinutes(1), "sh", "-c", "sleep 300 >/dev/null 2>&1 &");

    List<Boolean> overs = endsOf(6, spec, "/bin/sh");

    assertThat(overs).containsExactly(false, false);
    ByteBuffer signaled = signal(6, ProcessTreeKiller.Signal.KILL);
    assertThat(signaled.getLong()).isEqualTo(6);
    assertThat(signaled.get()).as("found the sleep left in the group").isEqualTo((byte) 1);
  }

  /**
   * Starts {@code spec} as run {@code id} and reads its EXITED and OUTPUT, in either order: the
   * `over` flag of each.
   */
  private List<Boolean> endsOf(long id, ProcessSpec spec, String program) throws Exception {
    requests.write(SpawnProtocol.spawn(id, spec, Path.of(program)));
    requests.flush();
    assertThat(replyOf(SpawnProtocol.STARTED).getLong()).isEqualTo(id);
    List<Boolean> overs = new ArrayList<>();
    while (overs.size() < 2) {
      ByteBuffer end = replyOf(SpawnProtocol.EXITED, SpawnProtocol.OUTPUT);
      assertThat(end.getLong()).isEqualTo(id);
      byte over = end.get(end.limit() - 1);
      assertThat(over).isBetween((byte) 0, (byte) 1);
      overs.add(over == 1);
    }
    return overs;
  }

  /** Asks the spawner to signal run {@code id}: its SIGNALED reply. */
  private ByteBuffer signal(long id, ProcessTreeKiller.Signal signal) throws IOException {
    requests.write(SpawnProtocol.signal(id, signal));
    requests.flush();
    return replyOf(SpawnProtocol.SIGNALED);
  }

  private void send(int type, byte[] payload) throws IOException {
    requests.writeInt(payload.length);
    requests.writeByte(type);
    requests.write(payload);
    requests.flush();
  }

  /** The next reply of one of {@code types}, skipping others; its type is left in lastType. */
  private ByteBuffer replyOf(int... types) throws IOException {
    while (true) {
      int length = replies.readInt();
      lastType = replies.readUnsignedByte();
      byte[] payload = new byte[length];
      replies.readFully(payload);
      if (IntStream.of(types).anyMatch(type -> type == lastType)) {
        return ByteBuffer.wrap(payload);
      }
    }
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
