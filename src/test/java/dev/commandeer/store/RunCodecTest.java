package dev.commandeer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunCodecTest {

  private static final RunOrigin ORIGIN =
      new RunOrigin("slash", "t1", "Team é", "c1", "town-square", "u1", "alice", "p1", "root 🙂");

  @Test
  void an_ended_run_reads_back_equal() {
    RunRecord run =
        new RunRecord(
            "k3v7qa2m",
            "instance-1",
            ORIGIN,
            "deploy",
            "web --env=prod \"quoted\"",
            RunStatus.FAILED,
            -3,
            Instant.parse("2026-11-22T03:04:05.123456Z"),
            Instant.parse("2026-11-22T03:04:06.5Z"),
            Instant.parse("2026-11-22T03:05:00Z"),
            Duration.ofMillis(53_500),
            ReplyState.DELIVERED,
            "post-9",
            true);

    assertThat(RunCodec.decode(RunCodec.encode(run))).isEqualTo(run);
  }

  @Test
  void missing_values_stay_missing() {
    RunRecord run =
        RunRecord.queued("i", ORIGIN, "echo", "", Instant.ofEpochSecond(-5, 1000))
            .finished(new RunOutcome(RunStatus.CANCELLED, null, Instant.ofEpochSecond(0), null));

    RunRecord back = RunCodec.decode(RunCodec.encode(run));

    assertThat(back).isEqualTo(run);
    assertThat(back.exitCode()).isNull();
    assertThat(back.startedAt()).isNull();
    assertThat(back.duration()).isNull();
  }

  @Test
  void the_channel_is_recognised_without_decoding() {
    byte[] run =
        RunCodec.encode(
            RunRecord.queued("i", ORIGIN, "echo", "", Instant.now())
                .finished(new RunOutcome(RunStatus.SUCCEEDED, 0, Instant.now(), Duration.ZERO)));

    assertThat(RunCodec.inChannel(run, "c1".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(RunCodec.inChannel(run, "c2".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(RunCodec.inChannel(run, "c".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(RunCodec.inChannel(run, "c10".getBytes(StandardCharsets.UTF_8))).isFalse();
  }
}
