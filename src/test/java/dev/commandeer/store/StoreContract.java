package dev.commandeer.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} promises. A subclass supplies empty stores and second handles on the
 * same data (what another replica sees); the store's clock is a {@link TestClock} the tests move.
 */
abstract class StoreContract {

  static final Instant START = Instant.parse("2025-03-01T09:00:00Z");

  private static Vertx vertx;
  private static ExecutorService threads;

  final TestClock clock = new TestClock(START);
  private final List<Store> opened = new ArrayList<>();
  Store store;

  /** A store holding no data that reads the time from {@code clock}. */
  abstract Store openEmpty(Vertx vertx, Clock clock);

  /** Another handle on {@code store}'s data, as a second replica has it. */
  abstract Store openReplica(Vertx vertx, Clock clock, Store store);

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    threads = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stopVertx() {
    threads.shutdownNow();
    await(vertx.close());
  }

  @BeforeEach
  void openStore() {
    store = openEmpty(vertx, clock);
    opened.add(store);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(s -> await(s.close()));
  }

  static Vertx vertx() {
    return vertx;
  }

  Store replica() {
    Store replica = openReplica(vertx, clock, store);
    opened.add(replica);
    return replica;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the store did not answer within 20s", e);
    }
  }

  static Throwable awaitFailure(Future<?> future) {
    try {
      future.await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the store did not answer within 20s", e);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected the store to fail, but it answered " + future.result());
  }

  /** Runs each task on its own thread at once and waits for all of them. */
  static <T> List<T> concurrently(List<Supplier<T>> tasks) {
    List<CompletableFuture<T>> running =
        tasks.stream().map(task -> CompletableFuture.supplyAsync(task, threads)).toList();
    return running.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join()).toList();
  }

  static RunOrigin origin(String channelId) {
    return new RunOrigin(
        "webhook", "t1", "acme", channelId, "ops", "u1", "alice", "post-" + channelId, "");
  }

  RunRecord insertRun(String instanceId, String channelId) {
    RunRecord run =
        RunRecord.queued(instanceId, origin(channelId), "deploy", "api staging", clock.instant());
    return await(store.insertRun(run));
  }

  RunRecord find(String runId) {
    return await(store.findRun(runId)).orElseThrow();
  }

  @Test
  void answers_ping_while_it_works() {
    assertThat(await(store.ping())).isNull();
  }

  @Nested
  class RunHistory {

    @Test
    void a_recorded_run_is_found_by_its_id_with_every_field() {
      RunOrigin origin =
          new RunOrigin("slash", "t9", "acme", "c1", "ops", "u7", "bob", "p1", "root1");
      RunRecord run = RunRecord.queued("i1", origin, "deploy", "api --env=prod", clock.instant());

      RunRecord stored = await(store.insertRun(run));

      assertThat(stored).isEqualTo(run);
      assertThat(find(run.id())).isEqualTo(run);
      assertThat(RunIds.isWellFormed(run.id())).isTrue();
    }

    @Test
    void an_unknown_run_is_not_found() {
      assertThat(await(store.findRun("zzzzzzzz"))).isEmpty();
    }

    @Test
    void a_run_whose_id_is_taken_is_kept_under_a_fresh_id() {
      RunRecord first = insertRun("i1", "c1");
      RunRecord clash = RunRecord.queued("i1", origin("c2"), "echo", "hi", clock.instant());

      RunRecord stored = await(store.insertRun(clash.withId(first.id())));

      assertThat(stored.id()).isNotEqualTo(first.id()).matches(RunIds::isWellFormed);
      assertThat(find(first.id()).command()).isEqualTo("deploy");
      assertThat(find(stored.id()).command()).isEqualTo("echo");
    }

    @Test
    void a_run_goes_from_queued_to_running_to_its_outcome() {
      RunRecord run = insertRun("i1", "c1");
      clock.advance(Duration.ofSeconds(2));
      Instant started = clock.instant();

      assertThat(await(store.startRun(run.id(), started))).isTrue();
      assertThat(find(run.id()).status()).isEqualTo(RunStatus.RUNNING);
      assertThat(find(run.id()).startedAt()).isEqualTo(started);

      Instant ended = started.plusSeconds(5);
      RunOutcome failed = new RunOutcome(RunStatus.FAILED, 3, ended, Duration.ofMillis(5_004));
      assertThat(await(store.finishRun(run.id(), failed))).isTrue();

      RunRecord finished = find(run.id());
      assertThat(finished.status()).isEqualTo(RunStatus.FAILED);
      assertThat(finished.exitCode()).isEqualTo(3);
      assertThat(finished.finishedAt()).isEqualTo(ended);
      assertThat(finished.duration()).isEqualTo(Duration.ofMillis(5_004));
    }

    @Test
    void a_run_starts_only_once() {
      RunRecord run = insertRun("i1", "c1");

      assertThat(await(store.startRun(run.id(), clock.instant()))).isTrue();
      assertThat(await(store.startRun(run.id(), clock.instant().plusSeconds(1)))).isFalse();
      assertThat(find(run.id()).startedAt()).isEqualTo(clock.instant());
    }

    @Test
    void the_first_outcome_stays_when_a_run_is_finished_twice() {
      RunRecord run = insertRun("i1", "c1");
      Instant at = clock.instant();
      RunOutcome timedOut = new RunOutcome(RunStatus.TIMED_OUT, null, at, Duration.ofMinutes(15));
      RunOutcome succeeded = new RunOutcome(RunStatus.SUCCEEDED, 0, at, Duration.ofSeconds(1));

      assertThat(await(store.finishRun(run.id(), timedOut))).isTrue();
      assertThat(await(store.finishRun(run.id(), succeeded))).isFalse();
      assertThat(await(store.finishRun("zzzzzzzz", succeeded))).isFalse();

      assertThat(find(run.id()).status()).isEqualTo(RunStatus.TIMED_OUT);
      assertThat(find(run.id()).exitCode()).isNull();
    }

    @Test
    void a_run_ends_together_with_keeping_its_reply() {
      RunRecord run = insertRun("i1", "c1");
      await(store.startRun(run.id(), clock.instant()));
      OutboxItem reply = OutboxItem.of(run.id(), "edit_post", "{}", clock.instant());
      RunOutcome done = new RunOutcome(RunStatus.SUCCEEDED, 0, clock.instant(), Duration.ZERO);

      assertThat(await(store.finishRun(run.id(), done, reply, null))).isTrue();

      assertThat(find(run.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(find(run.id()).exitCode()).isZero();
      assertThat(await(store.claimDue("a", 10, Duration.ofSeconds(30))))
          .singleElement()
          .isEqualTo(reply.claimed());
    }

    @Test
    void the_reply_of_a_run_that_had_ended_already_is_kept_and_the_first_outcome_stays() {
      RunRecord run = insertRun("dead", "c1");
      await(store.claimOrphanedRuns("me", Duration.ofSeconds(30)));
      OutboxItem reply = OutboxItem.of(run.id(), "edit_post", "{}", clock.instant());
      RunOutcome late = new RunOutcome(RunStatus.SUCCEEDED, 0, clock.instant(), Duration.ZERO);

      assertThat(await(store.finishRun(run.id(), late, reply, null))).isFalse();

      assertThat(find(run.id()).status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(await(store.pendingCount())).isEqualTo(1L);
    }

    @Test
    void a_reply_kept_as_its_run_ends_may_be_claimed_for_the_caller_at_once() {
      RunRecord run = insertRun("i1", "c1");
      OutboxItem reply = OutboxItem.of(run.id(), "edit_post", "{}", clock.instant());
      RunOutcome done = new RunOutcome(RunStatus.SUCCEEDED, 0, clock.instant(), Duration.ZERO);

      await(store.finishRun(run.id(), done, reply, new OutboxClaim("i1", Duration.ofSeconds(30))));

      assertThat(await(replica().claimDue("other", 10, Duration.ofSeconds(30)))).isEmpty();
      clock.advance(Duration.ofSeconds(30));
      assertThat(await(replica().claimDue("other", 10, Duration.ofSeconds(30))))
          .singleElement()
          .isEqualTo(reply.claimed().claimed());
    }

    @Test
    void a_run_does_not_end_when_its_reply_cannot_be_kept() {
      RunRecord run = insertRun("i1", "c1");
      OutboxItem reply = OutboxItem.of(run.id(), "edit_post", "{}", clock.instant());
      await(store.enqueueReply(reply));
      RunOutcome done = new RunOutcome(RunStatus.SUCCEEDED, 0, clock.instant(), Duration.ZERO);

      Future<Boolean> finishing = store.finishRun(run.id(), done, reply, null);

      assertThat(awaitFailure(finishing)).isNotNull();
      assertThat(find(run.id()).status()).isEqualTo(RunStatus.QUEUED);
      assertThat(await(store.pendingCount())).isEqualTo(1L);
    }

    @Test
    void reply_state_is_recorded_and_an_empty_post_id_keeps_the_known_one() {
      RunRecord run = insertRun("i1", "c1");

      assertThat(await(store.updateReply(run.id(), ReplyState.PENDING, "post-42"))).isTrue();
      assertThat(await(store.updateReply(run.id(), ReplyState.DELIVERED, ""))).isTrue();
      assertThat(await(store.updateReply("zzzzzzzz", ReplyState.INLINE, ""))).isFalse();

      assertThat(find(run.id()).replyState()).isEqualTo(ReplyState.DELIVERED);
      assertThat(find(run.id()).replyPostId()).isEqualTo("post-42");
    }

    @Test
    void recent_runs_are_the_channels_newest_first_up_to_the_limit() {
      RunRecord oldest = insertRun("i1", "c1");
      clock.advance(Duration.ofMinutes(1));
      RunRecord older = insertRun("i1", "c1");
      insertRun("i1", "elsewhere");
      clock.advance(Duration.ofMinutes(1));
      RunRecord sameInstantFirst = insertRun("i1", "c1");
      RunRecord sameInstantSecond = insertRun("i1", "c1");

      List<RunRecord> recent = await(store.recentRuns("c1", 3));

      assertThat(recent)
          .extracting(RunRecord::id)
          .containsExactly(sameInstantSecond.id(), sameInstantFirst.id(), older.id());
      assertThat(await(store.recentRuns("c1", 10))).hasSize(4).last().isEqualTo(oldest);
      assertThat(await(store.recentRuns("nobody-ran-here", 10))).isEmpty();
    }
  }

  @Nested
  class OrphanedRuns {

    @Test
    void active_runs_of_an_instance_that_stopped_heartbeating_are_interrupted_once() {
      await(store.heartbeat("dead"));
      RunRecord queued = insertRun("dead", "c1");
      clock.advance(Duration.ofSeconds(1));
      RunRecord running = insertRun("dead", "c1");
      await(store.startRun(running.id(), clock.instant()));
      RunRecord finished = insertRun("dead", "c1");
      Instant end = clock.instant();
      await(store.finishRun(finished.id(), new RunOutcome(RunStatus.SUCCEEDED, 0, end, null)));
      clock.advance(Duration.ofSeconds(59));
      await(store.heartbeat("alive"));

      List<RunRecord> orphans = await(store.claimOrphanedRuns("alive", Duration.ofSeconds(30)));

      assertThat(orphans).extracting(RunRecord::id).containsExactly(queued.id(), running.id());
      assertThat(orphans).allSatisfy(run -> assertOrphaned(run, clock.instant()));
      assertThat(orphans.get(0).duration()).isNull();
      assertThat(orphans.get(1).duration()).isEqualTo(Duration.ofSeconds(59));
      assertThat(orphans.get(1).origin().thread()).isEqualTo("post-c1");
      assertThat(find(running.id()).status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(find(finished.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(await(replica().claimOrphanedRuns("another", Duration.ofSeconds(30)))).isEmpty();
    }

    private void assertOrphaned(RunRecord run, Instant now) {
      assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(run.finishedAt()).isEqualTo(now);
    }

    @Test
    void runs_of_live_instances_and_of_the_claimer_itself_are_left_alone() {
      await(store.heartbeat("me"));
      await(store.heartbeat("other"));
      RunRecord mine = insertRun("me", "c1");
      RunRecord theirs = insertRun("other", "c1");
      clock.advance(Duration.ofSeconds(20));
      await(store.heartbeat("other"));
      clock.advance(Duration.ofSeconds(20));

      assertThat(await(store.claimOrphanedRuns("me", Duration.ofSeconds(30)))).isEmpty();
      assertThat(find(mine.id()).status()).isEqualTo(RunStatus.QUEUED);
      assertThat(find(theirs.id()).status()).isEqualTo(RunStatus.QUEUED);
    }

    @Test
    void runs_of_an_instance_that_never_heartbeated_are_orphans() {
      RunRecord run = insertRun("silent", "c1");

      List<RunRecord> orphans = await(store.claimOrphanedRuns("me", Duration.ofSeconds(30)));

      assertThat(orphans).extracting(RunRecord::id).containsExactly(run.id());
    }

    @Test
    void an_interrupted_run_keeps_that_status_when_its_program_reports_late() {
      RunRecord run = insertRun("dead", "c1");
      await(store.claimOrphanedRuns("me", Duration.ofSeconds(30)));

      Instant now = clock.instant();
      RunOutcome late = new RunOutcome(RunStatus.SUCCEEDED, 0, now, Duration.ZERO);
      assertThat(await(store.finishRun(run.id(), late))).isFalse();
      assertThat(await(store.startRun(run.id(), now))).isFalse();
      assertThat(find(run.id()).status()).isEqualTo(RunStatus.INTERRUPTED);
    }
  }

  @Nested
  class Cancelling {

    @Test
    void a_cancel_request_reaches_the_instance_that_owns_the_run() {
      RunRecord run = insertRun("owner", "c1");
      RunRecord other = insertRun("owner", "c1");

      assertThat(await(replica().requestCancel(run.id()))).isTrue();

      assertThat(await(store.cancelRequests("owner"))).containsExactly(run.id());
      assertThat(await(store.cancelRequests("someone-else"))).isEmpty();
      assertThat(find(run.id()).cancelRequested()).isTrue();
      assertThat(find(other.id()).cancelRequested()).isFalse();
    }

    @Test
    void a_cancel_request_ends_once_the_run_has_ended() {
      RunRecord run = insertRun("owner", "c1");
      await(store.requestCancel(run.id()));
      Instant now = clock.instant();

      await(store.finishRun(run.id(), new RunOutcome(RunStatus.CANCELLED, null, now, null)));

      assertThat(await(store.cancelRequests("owner"))).isEmpty();
    }

    @Test
    void finished_and_unknown_runs_cannot_be_cancelled() {
      RunRecord run = insertRun("owner", "c1");
      Instant now = clock.instant();
      await(store.finishRun(run.id(), new RunOutcome(RunStatus.SUCCEEDED, 0, now, null)));

      assertThat(await(store.requestCancel(run.id()))).isFalse();
      assertThat(await(store.requestCancel("zzzzzzzz"))).isFalse();
      assertThat(find(run.id()).cancelRequested()).isFalse();
    }
  }

  @Nested
  class Retention {

    @Test
    void delivered_replies_and_expired_keys_go_pending_replies_and_live_keys_stay() {
      Instant start = clock.instant();
      OutboxItem delivered = item("r1", start);
      OutboxItem pending = item("r2", start);
      await(store.enqueueReply(delivered));
      await(store.enqueueReply(pending));
      assertThat(await(store.claimDue("a", 10, Duration.ofMinutes(1)))).hasSize(2);
      await(store.markDelivered(delivered.id()));
      await(store.claimOnce("post:old", "aaaaaaaa", Duration.ofMinutes(1)));
      await(store.claimOnce("post:new", "bbbbbbbb", Duration.ofHours(3)));
      clock.advance(Duration.ofHours(2));

      assertThat(await(store.prune(clock.instant().minus(Duration.ofHours(1)), START, 100)))
          .as("the expired key, and the delivered reply where the store still had it")
          .isPositive();
      assertThat(await(store.prune(clock.instant(), START, 100)))
          .as("nothing left to prune")
          .isZero();
      assertThat(await(store.pendingCount())).isEqualTo(1L);
      assertThat(await(store.claimOnce("post:new", "cccccccc", Duration.ofHours(1))))
          .contains("bbbbbbbb");
    }

    @Test
    void a_prune_removes_at_most_the_batch_of_each_kind() {
      for (int i = 0; i < 5; i++) {
        await(store.claimOnce("post:" + i, "aaaaaaaa", Duration.ofMinutes(1)));
      }
      clock.advance(Duration.ofMinutes(2));

      assertThat(await(store.prune(clock.instant(), START, 2))).isEqualTo(2L);
      assertThat(await(store.prune(clock.instant(), START, 2))).isEqualTo(2L);
      assertThat(await(store.prune(clock.instant(), START, 2))).isEqualTo(1L);
    }

    @Test
    void ended_runs_created_before_the_cutoff_go_while_active_and_later_ones_stay() {
      RunRecord old = insertRun("i1", "c1");
      await(
          store.finishRun(old.id(), new RunOutcome(RunStatus.SUCCEEDED, 0, clock.instant(), null)));
      RunRecord stillRunning = insertRun("i1", "c1");
      await(store.startRun(stillRunning.id(), clock.instant()));
      RunRecord stillQueued = insertRun("i1", "c1");
      clock.advance(Duration.ofHours(2));
      RunRecord recent = insertRun("i1", "c1");
      await(
          store.finishRun(recent.id(), new RunOutcome(RunStatus.FAILED, 1, clock.instant(), null)));
      Instant cutoff = clock.instant().minus(Duration.ofHours(1));

      assertThat(await(store.prune(START, cutoff, 100))).isEqualTo(1L);
      assertThat(await(store.findRun(old.id()))).isEmpty();
      assertThat(find(stillRunning.id()).status()).isEqualTo(RunStatus.RUNNING);
      assertThat(find(stillQueued.id()).status()).isEqualTo(RunStatus.QUEUED);
      assertThat(find(recent.id()).status()).isEqualTo(RunStatus.FAILED);
      assertThat(await(store.recentRuns("c1", 10)))
          .extracting(RunRecord::id)
          .containsExactlyInAnyOrder(stillRunning.id(), stillQueued.id(), recent.id());
      assertThat(await(store.prune(START, cutoff, 100))).as("nothing left to prune").isZero();
    }

    @Test
    void history_goes_in_batches_oldest_first() {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        RunRecord run = insertRun("i1", "c1");
        await(
            store.finishRun(
                run.id(), new RunOutcome(RunStatus.SUCCEEDED, 0, clock.instant(), null)));
        ids.add(run.id());
        clock.advance(Duration.ofMinutes(1));
      }
      clock.advance(Duration.ofHours(1));

      assertThat(await(store.prune(START, clock.instant(), 2))).isEqualTo(2L);
      assertThat(await(store.recentRuns("c1", 10)))
          .extracting(RunRecord::id)
          .containsExactlyInAnyOrderElementsOf(ids.subList(2, 5));
    }

    @Test
    void replies_given_up_on_go_with_the_history_of_their_time_pending_ones_stay() {
      OutboxItem dead = item("r1", clock.instant());
      OutboxItem pending = item("r2", clock.instant());
      await(store.enqueueReply(dead));
      assertThat(await(store.claimDue("a", 10, Duration.ofMinutes(1)))).hasSize(1);
      await(store.markDead(dead.id(), "410 Gone"));
      await(store.enqueueReply(pending));
      clock.advance(Duration.ofHours(2));

      assertThat(await(store.prune(START, START, 100))).as("younger than the cutoff").isZero();
      assertThat(await(store.prune(START, clock.instant().minus(Duration.ofHours(1)), 100)))
          .as("the dead one only")
          .isEqualTo(1L);
      assertThat(await(store.pendingCount())).isEqualTo(1L);
      assertThat(await(store.claimDue("a", 10, Duration.ofMinutes(1))))
          .extracting(OutboxItem::id)
          .containsExactly(pending.id());
    }

    @Test
    void rate_windows_nobody_hit_for_longer_than_any_window_go_and_counting_starts_afresh() {
      Duration day = Duration.ofDays(1);
      for (int i = 0; i < 3; i++) {
        assertThat(await(store.hit("user:dave", 3, day, clock.instant())).allowed()).isTrue();
      }
      assertThat(await(store.hit("user:dave", 3, day, clock.instant())).allowed()).isFalse();
      clock.advance(Duration.ofHours(24));

      assertThat(await(store.prune(START, START, 100)))
          .as("ended, but not older than any window can be")
          .isZero();
      clock.advance(Duration.ofHours(2));
      assertThat(await(store.prune(START, START, 100))).isEqualTo(1L);
      assertThat(await(store.hit("user:dave", 3, day, clock.instant())).allowed()).isTrue();
    }

    OutboxItem item(String runId, Instant now) {
      return new OutboxItem(
          UUID.randomUUID().toString(),
          runId,
          "create_post",
          "{\"channel_id\":\"c1\",\"message\":\"done\"}",
          now,
          now,
          0,
          "");
    }
  }

  @Nested
  class Outbox {

    OutboxItem enqueue(String runId, Duration dueIn) {
      Instant now = clock.instant();
      OutboxItem item =
          new OutboxItem(
              UUID.randomUUID().toString(),
              runId,
              "create_post",
              "{\"channel_id\":\"c1\",\"message\":\"done\"}",
              now,
              now.plus(dueIn),
              0,
              "");
      await(store.enqueueReply(item));
      return item;
    }

    @Test
    void a_reply_is_claimed_once_it_is_due_with_its_attempt_counted() {
      OutboxItem item = enqueue("r1", Duration.ofSeconds(10));

      assertThat(await(store.claimDue("a", 10, Duration.ofSeconds(30)))).isEmpty();
      clock.advance(Duration.ofSeconds(10));
      List<OutboxItem> claimed = await(store.claimDue("a", 10, Duration.ofSeconds(30)));

      assertThat(claimed).singleElement().isEqualTo(item.claimed());
      assertThat(claimed.get(0).attempts()).isEqualTo(1);
      assertThat(await(store.pendingCount())).isEqualTo(1L);
    }

    @Test
    void a_claimed_reply_goes_to_nobody_else_until_its_lease_runs_out() {
      OutboxItem item = enqueue("r1", Duration.ZERO);
      Store other = replica();

      assertThat(await(store.claimDue("crashes", 10, Duration.ofSeconds(30)))).hasSize(1);
      clock.advance(Duration.ofSeconds(29));
      assertThat(await(other.claimDue("survivor", 10, Duration.ofSeconds(30)))).isEmpty();
      clock.advance(Duration.ofSeconds(1));
      List<OutboxItem> reclaimed = await(other.claimDue("survivor", 10, Duration.ofSeconds(30)));

      assertThat(reclaimed).extracting(OutboxItem::id).containsExactly(item.id());
      assertThat(reclaimed.get(0).attempts()).isEqualTo(2);
    }

    @Test
    void a_rescheduled_reply_waits_for_its_next_attempt_and_keeps_the_error() {
      OutboxItem item = enqueue("r1", Duration.ZERO);
      await(store.claimDue("a", 10, Duration.ofMinutes(5)));
      Instant next = clock.instant().plusSeconds(8);

      await(store.reschedule(item.id(), next, "HTTP 503 from Mattermost"));

      clock.advance(Duration.ofSeconds(7));
      assertThat(await(store.claimDue("a", 10, Duration.ofMinutes(5)))).isEmpty();
      clock.advance(Duration.ofSeconds(1));
      List<OutboxItem> again = await(store.claimDue("a", 10, Duration.ofMinutes(5)));
      assertThat(again).singleElement().satisfies(retry -> assertRetry(retry, next));
    }

    private void assertRetry(OutboxItem retry, Instant next) {
      assertThat(retry.nextAttemptAt()).isEqualTo(next);
      assertThat(retry.lastError()).isEqualTo("HTTP 503 from Mattermost");
      assertThat(retry.attempts()).isEqualTo(2);
    }

    @Test
    void delivered_and_dead_replies_are_never_claimed_again() {
      OutboxItem delivered = enqueue("r1", Duration.ZERO);
      OutboxItem dead = enqueue("r2", Duration.ZERO);
      await(store.claimDue("a", 10, Duration.ofSeconds(30)));

      await(store.markDelivered(delivered.id()));
      await(store.markDead(dead.id(), "HTTP 400: channel not found"));
      await(store.reschedule(delivered.id(), clock.instant(), "late failure report"));
      clock.advance(Duration.ofHours(1));

      assertThat(await(store.claimDue("a", 10, Duration.ofSeconds(30)))).isEmpty();
      assertThat(await(store.pendingCount())).isZero();
    }

    @Test
    void claims_take_the_longest_due_replies_first_and_no_more_than_asked() {
      OutboxItem second = enqueue("r1", Duration.ofSeconds(-2));
      OutboxItem first = enqueue("r2", Duration.ofSeconds(-3));
      enqueue("r3", Duration.ofSeconds(-1));

      List<OutboxItem> claimed = await(store.claimDue("a", 2, Duration.ofSeconds(30)));

      assertThat(claimed).extracting(OutboxItem::id).containsExactly(first.id(), second.id());
      assertThat(await(store.claimDue("a", 2, Duration.ofSeconds(30)))).hasSize(1);
    }

    @Test
    void concurrent_claimers_never_get_the_same_reply() {
      List<String> ids =
          IntStream.range(0, 120).mapToObj(i -> enqueue("r" + i, Duration.ZERO).id()).toList();
      Store other = replica();
      List<Supplier<List<String>>> claimers =
          List.of(
              () -> drain(store, "a1"),
              () -> drain(other, "b1"),
              () -> drain(store, "a2"),
              () -> drain(other, "b2"));

      List<String> all = concurrently(claimers).stream().flatMap(List::stream).toList();

      assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
      assertThat(await(store.pendingCount())).isZero();
    }

    @Test
    void a_reply_claimed_as_it_is_kept_goes_to_nobody_else_until_its_lease_runs_out() {
      OutboxItem item = OutboxItem.of("r1", "create_post", "{}", clock.instant());
      Store other = replica();

      await(store.enqueueReply(item, new OutboxClaim("keeper", Duration.ofSeconds(30))));

      assertThat(await(store.pendingCount())).isEqualTo(1L);
      clock.advance(Duration.ofSeconds(29));
      assertThat(await(other.claimDue("survivor", 10, Duration.ofSeconds(30)))).isEmpty();
      clock.advance(Duration.ofSeconds(1));
      List<OutboxItem> reclaimed = await(other.claimDue("survivor", 10, Duration.ofSeconds(30)));
      assertThat(reclaimed).singleElement().isEqualTo(item.claimed().claimed());
    }

    @Test
    void a_reply_claimed_as_it_is_kept_is_settled_by_its_keeper_without_a_claim() {
      OutboxItem item = OutboxItem.of("r1", "create_post", "{}", clock.instant());
      await(store.enqueueReply(item, new OutboxClaim("keeper", Duration.ofSeconds(30))));

      await(store.markDelivered(List.of(new DeliveredReply(item.id(), "r1", "post-1"))));

      clock.advance(Duration.ofHours(1));
      assertThat(await(store.claimDue("a", 10, Duration.ofSeconds(30)))).isEmpty();
      assertThat(await(store.pendingCount())).isZero();
    }

    @Test
    void replies_are_marked_delivered_together_and_their_runs_record_the_posts() {
      RunRecord first = insertRun("i1", "c1");
      RunRecord second = insertRun("i1", "c1");
      RunRecord third = insertRun("i1", "c1");
      await(store.updateReply(third.id(), ReplyState.PENDING, "placeholder-3"));
      OutboxItem a = enqueue(first.id(), Duration.ZERO);
      OutboxItem b = enqueue(second.id(), Duration.ZERO);
      OutboxItem c = enqueue(third.id(), Duration.ZERO);
      OutboxItem untouched = enqueue(first.id(), Duration.ZERO);
      await(store.claimDue("a", 3, Duration.ofSeconds(30)));

      await(
          store.markDelivered(
              List.of(
                  new DeliveredReply(a.id(), first.id(), "post-1"),
                  new DeliveredReply(b.id(), second.id(), "post-2"),
                  new DeliveredReply(c.id(), third.id(), ""))));

      clock.advance(Duration.ofSeconds(30));
      assertThat(await(store.claimDue("a", 10, Duration.ofSeconds(30))))
          .extracting(OutboxItem::id)
          .containsExactly(untouched.id());
      assertThat(find(first.id()).replyState()).isEqualTo(ReplyState.DELIVERED);
      assertThat(find(first.id()).replyPostId()).isEqualTo("post-1");
      assertThat(find(second.id()).replyPostId()).isEqualTo("post-2");
      assertThat(find(third.id()).replyState()).isEqualTo(ReplyState.DELIVERED);
      assertThat(find(third.id()).replyPostId()).isEqualTo("placeholder-3");
      assertThat(await(store.markDelivered(List.of()))).isNull();
    }

    @Test
    void claimers_never_get_a_reply_that_was_claimed_as_it_was_kept() {
      OutboxClaim keeper = new OutboxClaim("keeper", Duration.ofMinutes(5));
      List<String> kept = new ArrayList<>();
      List<String> free = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        OutboxItem item = OutboxItem.of("r" + i, "create_post", "{}", clock.instant());
        boolean claimed = i % 2 == 0;
        await(store.enqueueReply(item, claimed ? keeper : null));
        (claimed ? kept : free).add(item.id());
      }
      Store other = replica();

      List<String> claimedByOthers =
          concurrently(
                  List.<Supplier<List<String>>>of(
                      () -> drain(store, "a1"), () -> drain(other, "b1"), () -> drain(other, "b2")))
              .stream()
              .flatMap(List::stream)
              .toList();

      assertThat(claimedByOthers).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(free);
      assertThat(await(store.pendingCount())).isEqualTo((long) kept.size());
    }

    private List<String> drain(Store claimer, String instanceId) {
      List<String> delivered = new ArrayList<>();
      List<OutboxItem> batch;
      do {
        batch = await(claimer.claimDue(instanceId, 2, Duration.ofMinutes(5)));
        for (OutboxItem item : batch) {
          await(claimer.markDelivered(item.id()));
          delivered.add(item.id());
        }
      } while (!batch.isEmpty());
      return delivered;
    }
  }

  @Nested
  class Deduplication {

    @Test
    void the_first_claim_wins_and_a_second_learns_which_run_has_the_key() {
      Duration day = Duration.ofDays(1);

      assertThat(await(store.claimOnce("post:abc", "run1", day))).isEmpty();
      assertThat(await(replica().claimOnce("post:abc", "run2", day))).contains("run1");
      assertThat(await(store.claimOnce("trigger:abc", "run3", day))).isEmpty();
    }

    @Test
    void an_expired_key_may_be_claimed_again() {
      await(store.claimOnce("post:abc", "run1", Duration.ofMinutes(10)));
      clock.advance(Duration.ofMinutes(9));
      assertThat(await(store.claimOnce("post:abc", "run2", Duration.ofMinutes(10))))
          .contains("run1");

      clock.advance(Duration.ofMinutes(1));

      assertThat(await(store.claimOnce("post:abc", "run3", Duration.ofMinutes(10)))).isEmpty();
      assertThat(await(store.claimOnce("post:abc", "run4", Duration.ofMinutes(10))))
          .contains("run3");
    }

    @Test
    void of_many_concurrent_claims_for_one_key_exactly_one_wins() {
      Store other = replica();
      List<Supplier<Optional<String>>> claims =
          IntStream.range(0, 8)
              .mapToObj(
                  i ->
                      (Supplier<Optional<String>>)
                          () ->
                              await(
                                  (i % 2 == 0 ? store : other)
                                      .claimOnce("post:x", "r" + i, Duration.ofHours(1))))
              .toList();

      List<Optional<String>> answers = concurrently(claims);

      assertThat(answers).filteredOn(Optional::isEmpty).hasSize(1);
      String winner = "r" + answers.indexOf(Optional.empty());
      assertThat(answers).filteredOn(Optional::isPresent).allMatch(a -> a.get().equals(winner));
    }
  }

  @Nested
  class RecordingOnce {

    final Duration hour = Duration.ofHours(1);

    RunRecord queued(String channelId) {
      return RunRecord.queued("i1", origin(channelId), "deploy", "api", clock.instant());
    }

    @Test
    void the_first_run_for_a_key_is_recorded_and_a_second_learns_which_run_has_it() {
      RunRecord first = queued("c1");
      RunRecord second = queued("c1");

      RunClaim won = await(store.insertRunOnce("post:abc", hour, first));
      RunClaim lost = await(replica().insertRunOnce("post:abc", hour, second));

      assertThat(won.recorded()).isTrue();
      assertThat(won.run()).isEqualTo(first);
      assertThat(find(first.id())).isEqualTo(first);
      assertThat(lost.recorded()).isFalse();
      assertThat(lost.heldBy()).isEqualTo(first.id());
      assertThat(await(store.findRun(second.id()))).isEmpty();
      assertThat(await(store.claimOnce("post:abc", "r9", hour))).contains(first.id());
    }

    @Test
    void a_key_claimed_alone_before_is_respected() {
      await(store.claimOnce("trigger:t1", "earlier", hour));

      RunClaim lost = await(store.insertRunOnce("trigger:t1", hour, queued("c1")));

      assertThat(lost.heldBy()).isEqualTo("earlier");
      assertThat(await(store.recentRuns("c1", 10))).isEmpty();
    }

    @Test
    void an_expired_key_records_the_next_run() {
      await(store.insertRunOnce("post:abc", Duration.ofMinutes(10), queued("c1")));
      clock.advance(Duration.ofMinutes(10));
      RunRecord again = queued("c1");

      RunClaim won = await(store.insertRunOnce("post:abc", Duration.ofMinutes(10), again));

      assertThat(won.run()).isEqualTo(again);
      assertThat(await(store.recentRuns("c1", 10))).hasSize(2);
    }

    @Test
    void a_run_whose_id_is_taken_is_recorded_under_a_fresh_id_that_the_key_names() {
      RunRecord first = insertRun("i1", "c1");

      RunClaim won = await(store.insertRunOnce("post:x", hour, queued("c2").withId(first.id())));

      assertThat(won.run().id()).isNotEqualTo(first.id()).matches(RunIds::isWellFormed);
      assertThat(find(won.run().id()).origin().channelId()).isEqualTo("c2");
      assertThat(find(first.id()).origin().channelId()).isEqualTo("c1");
      assertThat(await(store.insertRunOnce("post:x", hour, queued("c3"))).heldBy())
          .isEqualTo(won.run().id());
    }

    @Test
    void of_many_concurrent_runs_for_one_key_exactly_one_is_recorded() {
      Store other = replica();
      List<Supplier<RunClaim>> claims =
          IntStream.range(0, 8)
              .mapToObj(
                  i ->
                      (Supplier<RunClaim>)
                          () ->
                              await(
                                  (i % 2 == 0 ? store : other)
                                      .insertRunOnce("post:y", hour, queued("c1"))))
              .toList();

      List<RunClaim> answers = concurrently(claims);

      assertThat(answers).filteredOn(RunClaim::recorded).hasSize(1);
      String winner = answers.stream().filter(RunClaim::recorded).findFirst().get().run().id();
      assertThat(answers).filteredOn(a -> !a.recorded()).allMatch(a -> a.heldBy().equals(winner));
      assertThat(await(store.recentRuns("c1", 10)))
          .extracting(RunRecord::id)
          .containsExactly(winner);
    }
  }

  @Nested
  class RecordingOnceWithReply {

    final Duration hour = Duration.ofHours(1);
    final String itemId = UUID.randomUUID().toString();

    RunRecord ended(String channelId) {
      return RunRecord.queued("i1", origin(channelId), "echo", "hi", clock.instant())
          .finished(new RunOutcome(RunStatus.SUCCEEDED, null, clock.instant(), Duration.ZERO));
    }

    OutboxItem reply(String runId) {
      String payload = "{\"runId\":\"" + runId + "\"}";
      return new OutboxItem(
          itemId, runId, "create_post", payload, clock.instant(), clock.instant(), 0, "");
    }

    @Test
    void the_key_the_run_and_its_reply_are_recorded_together() {
      RunRecord run = ended("c1");

      RunClaim won = await(store.insertRunOnce("post:p1", hour, run, this::reply, null));

      assertThat(won.run()).isEqualTo(run);
      assertThat(find(run.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(await(store.claimOnce("post:p1", "r9", hour))).contains(run.id());
      assertThat(await(replica().claimDue("a", 10, Duration.ofSeconds(30))))
          .singleElement()
          .isEqualTo(reply(run.id()).claimed());
    }

    @Test
    void when_the_key_is_held_neither_the_run_nor_its_reply_is_kept() {
      RunRecord first = insertRun("i1", "c1");
      await(store.claimOnce("post:p1", first.id(), hour));
      RunRecord second = ended("c2");

      RunClaim lost = await(replica().insertRunOnce("post:p1", hour, second, this::reply, null));

      assertThat(lost.heldBy()).isEqualTo(first.id());
      assertThat(await(store.findRun(second.id()))).isEmpty();
      assertThat(await(store.pendingCount())).isZero();
    }

    @Test
    void a_run_whose_id_is_taken_moves_to_a_fresh_id_and_its_reply_follows() {
      RunRecord taken = insertRun("i1", "c1");

      RunClaim won =
          await(
              store.insertRunOnce(
                  "post:p2", hour, ended("c2").withId(taken.id()), this::reply, null));

      String fresh = won.run().id();
      assertThat(fresh).isNotEqualTo(taken.id()).matches(RunIds::isWellFormed);
      assertThat(find(fresh).origin().channelId()).isEqualTo("c2");
      assertThat(await(store.claimDue("a", 10, Duration.ofSeconds(30))))
          .singleElement()
          .isEqualTo(reply(fresh).claimed());
    }

    @Test
    void a_reply_claimed_as_it_is_kept_is_leased_to_the_caller() {
      RunRecord run = ended("c1");
      OutboxItem kept = reply(run.id());

      await(
          store.insertRunOnce(
              "post:p3", hour, run, this::reply, new OutboxClaim("i1", Duration.ofSeconds(30))));

      assertThat(await(replica().claimDue("other", 10, Duration.ofSeconds(30)))).isEmpty();
      clock.advance(Duration.ofSeconds(30));
      assertThat(await(replica().claimDue("other", 10, Duration.ofSeconds(30))))
          .singleElement()
          .isEqualTo(kept.claimed().claimed());
    }

    @Test
    void when_the_reply_cannot_be_kept_neither_the_key_nor_the_run_is() {
      RunRecord earlier = insertRun("i1", "c1");
      await(store.enqueueReply(reply(earlier.id())));
      RunRecord run = ended("c2");

      Throwable failure =
          awaitFailure(store.insertRunOnce("post:p4", hour, run, this::reply, null));

      assertThat(failure).isNotNull();
      assertThat(await(store.findRun(run.id()))).isEmpty();
      assertThat(await(store.claimOnce("post:p4", "r9", hour))).isEmpty();
      assertThat(await(store.pendingCount())).isEqualTo(1L);
    }
  }

  @Nested
  class RateLimits {

    final Duration minute = Duration.ofMinutes(1);

    RateDecision hitAt(String key, long secondsAfterStart) {
      return await(store.hit(key, 3, minute, START.plusSeconds(secondsAfterStart)));
    }

    @Test
    void runs_are_allowed_up_to_the_limit_then_denied_with_the_time_to_wait() {
      assertThat(hitAt("user:alice", 0).allowed()).isTrue();
      assertThat(hitAt("user:alice", 10).allowed()).isTrue();
      assertThat(hitAt("user:alice", 20).allowed()).isTrue();

      assertThat(hitAt("user:alice", 30)).isEqualTo(RateDecision.deny(Duration.ofSeconds(30)));
      assertThat(hitAt("user:alice", 59)).isEqualTo(RateDecision.deny(Duration.ofSeconds(1)));
    }

    @Test
    void a_new_window_opens_once_the_old_one_has_passed() {
      for (int s = 0; s < 4; s++) {
        hitAt("user:alice", s);
      }

      assertThat(hitAt("user:alice", 60)).isEqualTo(RateDecision.allow());
      assertThat(hitAt("user:alice", 61).allowed()).isTrue();
      assertThat(hitAt("user:alice", 62).allowed()).isTrue();
      assertThat(hitAt("user:alice", 63)).isEqualTo(RateDecision.deny(Duration.ofSeconds(57)));
    }

    @Test
    void each_key_has_its_own_window() {
      for (int s = 0; s < 3; s++) {
        hitAt("user:alice", s);
      }

      assertThat(hitAt("user:alice", 5).allowed()).isFalse();
      assertThat(hitAt("user:bob", 5).allowed()).isTrue();
      assertThat(hitAt("user:alice:deploy", 5).allowed()).isTrue();
    }

    @Test
    void replicas_hitting_at_once_share_one_limit() {
      Store other = replica();
      Instant now = clock.instant();
      List<Supplier<RateDecision>> hits =
          IntStream.range(0, 20)
              .mapToObj(
                  i ->
                      (Supplier<RateDecision>)
                          () ->
                              await((i % 2 == 0 ? store : other).hit("user:carol", 5, minute, now)))
              .toList();

      assertThat(concurrently(hits)).filteredOn(RateDecision::allowed).hasSize(5);
    }
  }

  @Nested
  class Todos {

    @Test
    void items_are_numbered_per_channel() {
      assertThat(await(store.addTodo("c1", "rotate keys", "alice")).number()).isEqualTo(1);
      assertThat(await(store.addTodo("c1", "renew cert", "bob")).number()).isEqualTo(2);
      assertThat(await(store.addTodo("c2", "order pizza", "carol")).number()).isEqualTo(1);
    }

    @Test
    void the_list_shows_a_channels_items_by_number_with_what_is_done() {
      await(store.addTodo("c1", "rotate keys", "alice"));
      await(store.addTodo("c1", "renew cert", "bob"));
      await(store.addTodo("c2", "order pizza", "carol"));

      assertThat(await(store.doneTodo("c1", 1))).isTrue();

      assertThat(await(store.listTodos("c1")))
          .containsExactly(
              new TodoItem("c1", 1, "rotate keys", "alice", START, true),
              new TodoItem("c1", 2, "renew cert", "bob", START, false));
      assertThat(await(store.listTodos("empty"))).isEmpty();
    }

    @Test
    void done_and_delete_tell_whether_the_channel_had_the_item() {
      await(store.addTodo("c1", "rotate keys", "alice"));

      assertThat(await(store.doneTodo("c1", 2))).isFalse();
      assertThat(await(store.doneTodo("c2", 1))).isFalse();
      assertThat(await(store.deleteTodo("c2", 1))).isFalse();
      assertThat(await(store.deleteTodo("c1", 1))).isTrue();
      assertThat(await(store.deleteTodo("c1", 1))).isFalse();
      assertThat(await(store.listTodos("c1"))).isEmpty();
    }

    @Test
    void a_deleted_items_number_is_not_given_to_the_next_one() {
      await(store.addTodo("c1", "one", "alice"));
      await(store.addTodo("c1", "two", "alice"));
      await(store.deleteTodo("c1", 2));

      assertThat(await(store.addTodo("c1", "three", "alice")).number()).isEqualTo(3);
    }
  }
}
