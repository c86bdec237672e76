package dev.commandeer.store;

import dev.commandeer.config.Rate;
import dev.commandeer.config.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything Commandeer keeps: run history, pending replies, de-duplication keys, rate windows and
 * the todo lists. Two implementations honour the same contract: {@link MemoryStore} for a single
 * process without a database, and {@link PgStore}, which several replicas may share.
 *
 * <p>Every method answers with a {@link Future} and never blocks the calling event loop. Times the
 * store stamps itself ({@code now}) come from the store's clock.
 */
public interface Store {

  /** The store the config asks for: memory when {@code store.url} is empty, else PostgreSQL. */
  static Future<Store> open(Vertx vertx, StoreConfig config) {
    if (config.inMemory()) {
      return Future.succeededFuture(new MemoryStore());
    }
    return PgStore.open(vertx, config).map(store -> store);
  }

  // ---- run history

  /**
   * Records a new run. Should its id be taken already, the run is stored under a fresh id: use the
   * returned record's id from then on.
   */
  Future<RunRecord> insertRun(RunRecord run);

  /**
   * Claims {@code key} for {@code ttl} and records {@code run}, in one step: as {@link #claimOnce}
   * followed by {@link #insertRun}, except that a key is never held without its run. Nothing is
   * recorded when the key is held already. Should the run's id be taken, the run is stored under a
   * fresh id, and the key names that one.
   */
  Future<RunClaim> insertRunOnce(String key, Duration ttl, RunRecord run);

  /**
   * As {@link #insertRunOnce(String, Duration, RunRecord)}, and keeps the run's reply for delivery
   * in the same step: the key, the run and the reply are recorded together, or, when the key is
   * held already, none of them. This is how a run that ended before it was recorded (a built-in
   * that only answers) costs one write. {@code reply} builds the reply for the run id it is given:
   * the run's own, or the fresh one should that be taken; it must build the same reply but for the
   * id. {@code claim}, when not null, claims the reply as {@link #enqueueReply(OutboxItem,
   * OutboxClaim)} does.
   */
  Future<RunClaim> insertRunOnce(
      String key,
      Duration ttl,
      RunRecord run,
      Function<String, OutboxItem> reply,
      OutboxClaim claim);

  /** Moves a queued run to running; false when it was not queued (cancelled, interrupted, …). */
  Future<Boolean> startRun(String runId, Instant startedAt);

  /**
   * Records how a run ended. False when the run is unknown or had ended already; the first outcome
   * stays.
   */
  Future<Boolean> finishRun(String runId, RunOutcome outcome);

  /**
   * Records how a run ended and keeps its reply for delivery, in one step: once this succeeds both
   * survive a restart, and neither is kept without the other. The answer is {@link #finishRun}'s;
   * the reply is kept even when the run had ended already. {@code claim}, when not null, claims the
   * reply as {@link #enqueueReply(OutboxItem, OutboxClaim)} does.
   */
  Future<Boolean> finishRun(String runId, RunOutcome outcome, OutboxItem reply, OutboxClaim claim);

  /**
   * Records how far the answer got. An empty {@code replyPostId} keeps the post id recorded before.
   * False when the run is unknown.
   */
  Future<Boolean> updateReply(String runId, ReplyState state, String replyPostId);

  Future<Optional<RunRecord>> findRun(String runId);

  /** The channel's latest runs, newest first, at most {@code limit}. */
  Future<List<RunRecord>> recentRuns(String channelId, int limit);

  // ---- replicas

  /**
   * Tells the others that this process is alive. An instance id names one process lifetime: a
   * restarted process takes a new one, so runs of its previous life count as orphans.
   */
  Future<Void> heartbeat(String instanceId);

  /**
   * Marks as {@link RunStatus#INTERRUPTED} every queued or running run whose owner has not
   * heartbeated within {@code staleAfter} (or never did), except the caller's own runs, and returns
   * them so the caller can tell their threads. Each orphan is returned to one caller only.
   */
  Future<List<RunRecord>> claimOrphanedRuns(String instanceId, Duration staleAfter);

  /**
   * Asks whichever process owns the run to cancel it. False when the run is unknown or has ended.
   * Whether the caller may cancel it is for the command to decide.
   */
  Future<Boolean> requestCancel(String runId);

  /** Ids of this instance's active runs somebody asked to cancel, oldest first. */
  Future<List<String>> cancelRequests(String instanceId);

  // ---- outbox

  /** Keeps a reply for later delivery; once this succeeds the reply survives a restart. */
  default Future<Void> enqueueReply(OutboxItem item) {
    return enqueueReply(item, null);
  }

  /**
   * Keeps a reply for later delivery, claimed at once when {@code claim} is not null: leased to its
   * instance as {@link #claimDue} would lease it, its first attempt counted, so that instance may
   * deliver {@code item.claimed()} without claiming it; should it die, the reply becomes claimable
   * when the lease runs out. Once this succeeds the reply survives a restart.
   */
  Future<Void> enqueueReply(OutboxItem item, OutboxClaim claim);

  /**
   * Takes up to {@code max} due replies for delivery, oldest first, counting an attempt for each.
   * They are leased to the caller for {@code lease}: no other claimer gets them until the lease
   * runs out, so replies of a claimer that died become claimable again.
   */
  Future<List<OutboxItem>> claimDue(String instanceId, int max, Duration lease);

  /** The reply was delivered: it is never claimed again. */
  Future<Void> markDelivered(String itemId);

  /**
   * The replies were delivered, in one step: none is claimed again, and the run of each records its
   * reply as {@link ReplyState#DELIVERED} in the post given (an empty post id keeps the one
   * recorded before).
   */
  Future<Void> markDelivered(List<DeliveredReply> delivered);

  /** The attempt failed: the reply is released and due again at {@code nextAttemptAt}. */
  Future<Void> reschedule(String itemId, Instant nextAttemptAt, String error);

  /** The reply cannot be delivered: it is kept with the error but never claimed again. */
  Future<Void> markDead(String itemId, String error);

  /** Replies not yet delivered nor given up on, claimed ones included. */
  Future<Long> pendingCount();

  // ---- exactly once per Mattermost post

  /**
   * Claims {@code key} (a post id or trigger id) for {@code runId} for {@code ttl}. Empty when this
   * caller won; otherwise the id of the run that holds the key. An expired key may be claimed
   * again.
   */
  Future<Optional<String>> claimOnce(String key, String runId, Duration ttl);

  // ---- rate limits

  /**
   * Counts one run against {@code key}: at most {@code limit} are allowed per fixed window of
   * length {@code window}, which starts at the first run after the previous window ended. Atomic
   * across replicas.
   */
  Future<RateDecision> hit(String key, int limit, Duration window, Instant now);

  // ---- todo lists, per channel

  /** Adds an item under the channel's next number. */
  Future<TodoItem> addTodo(String channelId, String text, String author);

  /** The channel's items by number, done ones included. */
  Future<List<TodoItem>> listTodos(String channelId);

  /** Marks item {@code number} done; false when the channel has no such item. */
  Future<Boolean> doneTodo(String channelId, int number);

  /** Deletes item {@code number}; false when the channel has no such item. */
  Future<Boolean> deleteTodo(String channelId, int number);

  // ---- retention

  /**
   * Forgets what no longer matters, at most {@code max} records of each kind per call: replies
   * delivered before {@code deliveredBefore}, de-duplication keys that have expired, runs that
   * ended and were created before {@code historyBefore} with the replies given up on from then, and
   * rate windows older than any window can be ({@link #STALE_WINDOW}). Active runs, pending replies
   * and todo lists stay. Returns how many records went.
   */
  Future<Long> prune(Instant deliveredBefore, Instant historyBefore, int max);

  /**
   * How old a rate window's start must be before a prune may remove it: the longest window, with an
   * hour to spare for clocks that differ between replicas.
   */
  Duration STALE_WINDOW = Rate.MAX_WINDOW.plusHours(1);

  // ---- lifecycle

  /** Succeeds while the store can serve requests; readiness follows it. */
  Future<Void> ping();

  Future<Void> close();
}
