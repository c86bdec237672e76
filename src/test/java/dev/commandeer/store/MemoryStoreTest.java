package dev.commandeer.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemoryStoreTest extends StoreContract {

  @Override
  Store openEmpty(Vertx vertx, Clock clock) {
    return new MemoryStore(clock);
  }

  /** One process holds one memory store: "another replica" is the same store used at once. */
  @Override
  Store openReplica(Vertx vertx, Clock clock, Store store) {
    return store;
  }

  @Test
  void history_stays_bounded_under_load_but_keeps_active_runs() {
    MemoryStore store = new MemoryStore();
    RunOrigin origin = new RunOrigin("webhook", "t", "team", "c", "chan", "u", "alice", "", "");
    Instant now = Instant.now();
    RunRecord active = store.insertRun(RunRecord.queued("me", origin, "slow", "", now)).result();
    String firstFinished = null;
    for (int i = 0; i < MemoryStore.MAX_RUNS + 500; i++) {
      RunRecord run = store.insertRun(RunRecord.queued("me", origin, "echo", "", now)).result();
      store.finishRun(run.id(), new RunOutcome(RunStatus.SUCCEEDED, null, now, Duration.ZERO));
      if (firstFinished == null) {
        firstFinished = run.id();
      }
    }

    assertThat(store.findRun(firstFinished).result()).isEmpty();
    assertThat(store.findRun(active.id()).result()).isPresent();
    assertThat(store.recentRuns("c", 50).result()).hasSize(50);
  }

  @Test
  void expired_dedupe_keys_are_forgotten_and_their_number_is_capped() {
    MemoryStore store = new MemoryStore();
    for (int i = 0; i < MemoryStore.MAX_KEYS + 10; i++) {
      store.claimOnce("post:" + i, "run" + i, Duration.ofHours(1));
    }

    assertThat(store.claimOnce("post:0", "again", Duration.ofHours(1)).result())
        .as("the oldest key beyond the cap was dropped")
        .isEmpty();
    assertThat(
            store
                .claimOnce("post:" + (MemoryStore.MAX_KEYS + 5), "again", Duration.ofHours(1))
                .result())
        .contains("run" + (MemoryStore.MAX_KEYS + 5));
  }

  @Test
  void a_key_claimed_for_longer_than_time_can_count_is_held_for_good() {
    MemoryStore store = new MemoryStore();

    assertThat(store.claimOnce("post:x", "aaaaaaaa", Duration.ofDays(400L * 365)).result())
        .isEmpty();
    assertThat(store.claimOnce("post:x", "bbbbbbbb", Duration.ofSeconds(1)).result())
        .contains("aaaaaaaa");
  }
}
