package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commandeer.exec.Launcher.LaunchException;
import dev.commandeer.exec.ProcessTreeKiller.Signal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests as the JVM writes them for {@code commandeer-spawn}: length, type, then fields. */
class SpawnProtocolTest {

  @Test
  void a_spawn_request_carries_every_field_in_order_however_long_it_grows() throws Exception {
    String longWord = "é".repeat(300); // 600 bytes in UTF-8: the frame grows past its first array
    ProcessSpec spec =
        new ProcessSpec(
            "k3v7qa2m",
            List.of("echo", "hello", longWord),
            Map.of("PATH", "/usr/bin"),
            Path.of("/tmp"),
            Duration.ofSeconds(5),
            4096);

    ByteBuffer frame = ByteBuffer.wrap(SpawnProtocol.spawn(42, spec, Path.of("/bin/echo")));

    assertThat(frame.getInt()).isEqualTo(frame.capacity() - 5);
    assertThat(frame.get()).isEqualTo((byte) SpawnProtocol.SPAWN);
    assertThat(frame.getLong()).isEqualTo(42);
    assertThat(frame.getInt()).isEqualTo(4096);
    assertThat(SpawnProtocol.string(frame)).isEqualTo("/tmp");
    assertThat(frame.getInt()).isEqualTo(3);
    List<String> argv = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      argv.add(SpawnProtocol.string(frame));
    }
    assertThat(argv).containsExactly("/bin/echo", "hello", longWord);
    assertThat(frame.getInt()).isEqualTo(1);
    assertThat(SpawnProtocol.string(frame)).isEqualTo("PATH=/usr/bin");
    assertThat(frame.hasRemaining()).isFalse();
  }

  @Test
  void signal_and_release_requests_name_the_run() {
    ByteBuffer signal = ByteBuffer.wrap(SpawnProtocol.signal(7, Signal.KILL));
    ByteBuffer release = ByteBuffer.wrap(SpawnProtocol.release(7));

    assertThat(signal.getInt()).isEqualTo(9);
    assertThat(signal.get()).isEqualTo((byte) SpawnProtocol.SIGNAL);
    assertThat(signal.getLong()).isEqualTo(7);
    assertThat(signal.get()).isEqualTo((byte) 9);
    assertThat(release.getInt()).isEqualTo(8);
    assertThat(release.get()).isEqualTo((byte) SpawnProtocol.RELEASE);
    assertThat(release.getLong()).isEqualTo(7);
  }

  @Test
  void a_request_over_one_mebibyte_is_refused_before_it_is_sent() {
    ProcessSpec spec =
        new ProcessSpec(
            "k3v7qa2m",
            List.of("echo", "x".repeat(SpawnProtocol.MAX_REQUEST)),
            Map.of(),
            null,
            Duration.ofSeconds(5),
            4096);

    assertThatThrownBy(() -> SpawnProtocol.spawn(1, spec, Path.of("/bin/echo")))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("more than 1 MiB");
  }
}
