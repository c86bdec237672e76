package dev.commandeer.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Invocation;
import dev.commandeer.store.RunOrigin;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunOriginsTest {

  @Test
  void records_who_where_and_through_what_a_run_came() {
    Invocation webhook =
        new Invocation(
            Invocation.Ingress.WEBHOOK,
            "hook",
            "t-acme",
            "acme",
            "c-ops",
            "ops",
            "u-alice",
            "alice",
            "deploy",
            "deploy api",
            "post1",
            "root1",
            Instant.parse("2025-01-01T00:00:00Z"));

    assertThat(RunOrigins.of(webhook))
        .isEqualTo(
            new RunOrigin(
                "webhook", "t-acme", "acme", "c-ops", "ops", "u-alice", "alice", "post1", "root1"));
  }

  @Test
  void keys_a_local_run_by_its_channel_name() {
    RunOrigin origin = RunOrigins.of(Invocation.local("alice", "dev", "deploy api"));

    assertThat(origin.ingress()).isEqualTo("local");
    assertThat(origin.channelId()).isEqualTo("dev");
    assertThat(origin.channelName()).isEqualTo("dev");
    assertThat(origin.userName()).isEqualTo("alice");
  }
}
