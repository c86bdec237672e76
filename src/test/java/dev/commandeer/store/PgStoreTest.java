package dev.commandeer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commandeer.config.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The store contract on PostgreSQL, in a schema of this class's own. */
class PgStoreTest extends StoreContract {

  private static TestDatabase db;
  private static Throwable unavailable;

  /**
   * This class's schema, made on first use. Without a server every test reports the reason: as
   * skipped, or as failed on CI.
   */
  private static TestDatabase db() {
    if (db == null && unavailable == null) {
      try {
        db = TestDatabase.withFreshSchema();
      } catch (TestAbortedException | AssertionError e) {
        unavailable = e;
      }
    }
    if (unavailable instanceof TestAbortedException) {
      throw (TestAbortedException) unavailable;
    }
    if (unavailable != null) {
      throw (AssertionError) unavailable;
    }
    return db;
  }

  @AfterAll
  static void dropSchema() {
    if (db != null) {
      db.drop();
      db = null;
    }
  }

  @Override
  Store openEmpty(Vertx vertx, Clock clock) {
    PgStore store = await(PgStore.open(vertx, db().config(), clock));
    db().truncateAll();
    return store;
  }

  @Override
  Store openReplica(Vertx vertx, Clock clock, Store store) {
    return await(PgStore.open(vertx, db().config(), clock));
  }

  @Test
  void opening_again_on_a_migrated_schema_keeps_its_data() {
    RunRecord run = insertRun("i1", "c1");
    await(store.enqueueReply(OutboxItem.of(run.id(), "create_post", "{}", clock.instant())));
    await(store.close());

    Store reopened = replica();

    assertThat(await(reopened.findRun(run.id()))).contains(run);
    assertThat(await(reopened.pendingCount())).isEqualTo(1L);
  }

  @Test
  @SuppressWarnings("try") // the lock only has to be held while claiming
  void a_claim_passes_over_a_reply_another_claimer_is_taking_instead_of_waiting() throws Exception {
    OutboxItem busy = OutboxItem.of("r1", "create_post", "{}", clock.instant());
    OutboxItem free = OutboxItem.of("r2", "create_post", "{}", clock.instant());
    await(store.enqueueReply(busy));
    await(store.enqueueReply(free));

    try (AutoCloseable claimerInFlight = db().lockOutboxItem(busy.id())) {
      List<OutboxItem> claimed = await(store.claimDue("a", 10, Duration.ofMinutes(1)));

      assertThat(claimed).extracting(OutboxItem::id).containsExactly(free.id());
    }
  }

  @Test
  void migrations_run_once_per_schema() {
    PgLocation location = PgLocation.parse(db().url());

    assertThat(Migrations.migrate(location, Duration.ofSeconds(5))).isZero();
  }

  @Test
  void replicas_starting_together_on_a_new_schema_migrate_it_once() throws Exception {
    TestDatabase fresh = TestDatabase.withFreshSchema();
    PgLocation location = PgLocation.parse(fresh.url());
    ExecutorService replicas = Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> migrating = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        migrating.add(replicas.submit(() -> Migrations.migrate(location, Duration.ofSeconds(5))));
      }
      int executed = 0;
      for (java.util.concurrent.Future<Integer> one : migrating) {
        executed += one.get(60, TimeUnit.SECONDS);
      }

      assertThat(executed).as("every migration, run by one of them").isEqualTo(2);
      assertThat(Migrations.migrate(location, Duration.ofSeconds(5))).isZero();
    } finally {
      replicas.shutdownNow();
      fresh.drop();
    }
  }

  @Test
  void opening_fails_with_the_cause_when_the_database_cannot_be_reached() {
    StoreConfig nowhere =
        new StoreConfig("postgresql://nobody:secret@127.0.0.1:1/none", 2, Duration.ofSeconds(2));

    Future<PgStore> opening = PgStore.open(vertx(), nowhere);

    assertThatThrownBy(() -> await(opening))
        .hasMessageContaining("127.0.0.1:1")
        .message()
        .doesNotContain("secret");
  }

  @Test
  void history_goes_oldest_created_first_whatever_order_the_rows_were_written_in() {
    java.time.Instant start = clock.instant();
    List<String> newestFirst = new ArrayList<>();
    for (int minutesAfter = 5; minutesAfter >= 1; minutesAfter--) {
      RunRecord run =
          RunRecord.queued(
              "i1", origin("c1"), "deploy", "api", start.plus(Duration.ofMinutes(minutesAfter)));
      RunRecord stored = await(store.insertRun(run));
      await(
          store.finishRun(
              stored.id(), new RunOutcome(RunStatus.SUCCEEDED, 0, clock.instant(), null)));
      newestFirst.add(stored.id());
    }

    assertThat(await(store.prune(start, start.plus(Duration.ofHours(1)), 2))).isEqualTo(2L);
    assertThat(await(store.recentRuns("c1", 10)))
        .extracting(RunRecord::id)
        .containsExactlyElementsOf(newestFirst.subList(0, 3));
  }

  @Test
  void delivered_replies_are_kept_until_the_given_time_then_removed() {
    java.time.Instant now = clock.instant();
    OutboxItem item = new OutboxItem("delivered-1", "r1", "create_post", "{}", now, now, 0, "");
    await(store.enqueueReply(item));
    await(store.claimDue("a", 10, Duration.ofMinutes(1)));
    await(store.markDelivered(item.id()));

    assertThat(await(store.prune(now, now, 100))).as("delivered just now: kept").isZero();
    clock.advance(Duration.ofHours(2));
    assertThat(await(store.prune(clock.instant().minus(Duration.ofHours(1)), now, 100)))
        .isEqualTo(1L);
  }
}
