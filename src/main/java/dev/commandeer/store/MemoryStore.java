package dev.commandeer.store;

import static io.vertx.core.Future.succeededFuture;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The store of a single process without a database: everything lives in maps and is gone when the
 * process stops. Thread-safe (each call holds this store's lock); every method answers at once.
 * Memory stays bounded under any load: the history keeps the latest {@value #MAX_RUNS} runs (active
 * ones are never dropped; a prune also removes those past the history's keep), delivered replies
 * are forgotten, and de-duplication keys and rate windows are dropped once expired or when there
 * are more than {@value #MAX_KEYS}.
 */
public final class MemoryStore implements Store {

  static final int MAX_RUNS = 10_000;
  static final int MAX_KEYS = 100_000;

  private final Clock clock;
  private final MemoryRuns runs;
  private final MemoryOutbox outbox;
  private final ClaimTable claims = new ClaimTable(MAX_KEYS);
  private final MemoryWindows windows = new MemoryWindows(MAX_KEYS);
  private final MemoryTodos todos;

  public MemoryStore() {
    this(Clock.systemUTC());
  }

  public MemoryStore(Clock clock) {
    this.clock = clock;
    this.runs = new MemoryRuns(clock, MAX_RUNS);
    this.outbox = new MemoryOutbox(clock);
    this.todos = new MemoryTodos(clock);
  }

  // ---- runs

  @Override
  public synchronized Future<RunRecord> insertRun(RunRecord run) {
    return succeededFuture(runs.insert(run));
  }

  @Override
  public synchronized Future<RunClaim> insertRunOnce(String key, Duration ttl, RunRecord run) {
    return succeededFuture(recordOnce(key, ttl, run));
  }

  @Override
  public synchronized Future<RunClaim> insertRunOnce(
      String key,
      Duration ttl,
      RunRecord run,
      Function<String, OutboxItem> reply,
      OutboxClaim claim) {
    String held = claims.holder(key, epochMicros(clock.instant()));
    if (held != null) {
      return succeededFuture(RunClaim.held(held));
    }
    String itemId = reply.apply(run.id()).id();
    if (outbox.has(itemId)) {
      return itemExists(itemId);
    }
    RunClaim recorded = recordOnce(key, ttl, run);
    outbox.add(reply.apply(recorded.run().id()), claim);
    return succeededFuture(recorded);
  }

  @Override
  public synchronized Future<Boolean> startRun(String runId, Instant startedAt) {
    return succeededFuture(runs.start(runId, startedAt));
  }

  @Override
  public synchronized Future<Boolean> finishRun(String runId, RunOutcome outcome) {
    return succeededFuture(runs.finish(runId, outcome));
  }

  @Override
  public synchronized Future<Boolean> finishRun(
      String runId, RunOutcome outcome, OutboxItem reply, OutboxClaim claim) {
    if (outbox.has(reply.id())) {
      return itemExists(reply.id());
    }
    boolean finished = runs.finish(runId, outcome);
    outbox.add(reply, claim);
    return succeededFuture(finished);
  }

  @Override
  public synchronized Future<Boolean> updateReply(
      String runId, ReplyState state, String replyPostId) {
    return succeededFuture(runs.updateReply(runId, state, replyPostId));
  }

  @Override
  public synchronized Future<Optional<RunRecord>> findRun(String runId) {
    return succeededFuture(runs.find(runId));
  }

  @Override
  public synchronized Future<List<RunRecord>> recentRuns(String channelId, int limit) {
    return succeededFuture(runs.recent(channelId, limit));
  }

  @Override
  public synchronized Future<Void> heartbeat(String instanceId) {
    runs.heartbeat(instanceId);
    return succeededFuture();
  }

  @Override
  public synchronized Future<List<RunRecord>> claimOrphanedRuns(
      String instanceId, Duration staleAfter) {
    return succeededFuture(runs.claimOrphaned(instanceId, staleAfter));
  }

  @Override
  public synchronized Future<Boolean> requestCancel(String runId) {
    return succeededFuture(runs.requestCancel(runId));
  }

  @Override
  public synchronized Future<List<String>> cancelRequests(String instanceId) {
    return succeededFuture(runs.cancelRequests(instanceId));
  }

  // ---- outbox

  @Override
  public synchronized Future<Void> enqueueReply(OutboxItem item, OutboxClaim claim) {
    if (outbox.has(item.id())) {
      return itemExists(item.id());
    }
    outbox.add(item, claim);
    return succeededFuture();
  }

  @Override
  public synchronized Future<List<OutboxItem>> claimDue(
      String instanceId, int max, Duration lease) {
    return succeededFuture(outbox.claimDue(max, lease));
  }

  @Override
  public synchronized Future<Void> markDelivered(String itemId) {
    outbox.delivered(itemId);
    return succeededFuture();
  }

  @Override
  public synchronized Future<Void> markDelivered(List<DeliveredReply> delivered) {
    for (DeliveredReply reply : delivered) {
      outbox.delivered(reply.itemId());
      runs.updateReply(reply.runId(), ReplyState.DELIVERED, reply.postId());
    }
    return succeededFuture();
  }

  @Override
  public synchronized Future<Void> reschedule(String itemId, Instant nextAttemptAt, String error) {
    outbox.reschedule(itemId, nextAttemptAt, error);
    return succeededFuture();
  }

  @Override
  public synchronized Future<Void> markDead(String itemId, String error) {
    outbox.dead(itemId, error);
    return succeededFuture();
  }

  @Override
  public synchronized Future<Long> pendingCount() {
    return succeededFuture(outbox.pending());
  }

  // ---- retention

  /**
   * Delivered replies are forgotten as they are marked, and ended rate windows when other hits
   * come; expired keys, old history, replies given up on and windows nobody hit for long go here.
   */
  @Override
  public synchronized Future<Long> prune(Instant deliveredBefore, Instant historyBefore, int max) {
    long gone = claims.dropExpired(epochMicros(clock.instant()), max);
    gone += runs.forgetCreatedBefore(historyBefore, max);
    gone += outbox.forgetDeadCreatedBefore(historyBefore, max);
    gone += windows.forgetStartedBefore(clock.instant().minus(STALE_WINDOW), max);
    return succeededFuture(gone);
  }

  // ---- de-duplication and rate limits

  @Override
  public synchronized Future<Optional<String>> claimOnce(String key, String runId, Duration ttl) {
    long now = epochMicros(clock.instant());
    return succeededFuture(Optional.ofNullable(claims.claim(key, runId, now, expiry(now, ttl))));
  }

  @Override
  public synchronized Future<RateDecision> hit(
      String key, int limit, Duration window, Instant now) {
    return succeededFuture(windows.hit(key, limit, window, now));
  }

  // ---- todo lists

  @Override
  public synchronized Future<TodoItem> addTodo(String channelId, String text, String author) {
    return succeededFuture(todos.add(channelId, text, author));
  }

  @Override
  public synchronized Future<List<TodoItem>> listTodos(String channelId) {
    return succeededFuture(todos.list(channelId));
  }

  @Override
  public synchronized Future<Boolean> doneTodo(String channelId, int number) {
    return succeededFuture(todos.done(channelId, number));
  }

  @Override
  public synchronized Future<Boolean> deleteTodo(String channelId, int number) {
    return succeededFuture(todos.delete(channelId, number));
  }

  // ---- lifecycle

  @Override
  public Future<Void> ping() {
    return succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return succeededFuture();
  }

  /** The run, and the key claimed for it, unless another run holds the key. */
  private RunClaim recordOnce(String key, Duration ttl, RunRecord run) {
    long now = epochMicros(clock.instant());
    Insertion insertion = new Insertion(run);
    String held = claims.claim(key, insertion, now, expiry(now, ttl));
    return held != null ? RunClaim.held(held) : RunClaim.recorded(insertion.stored);
  }

  /** Records the run when asked for its id, which the claim does only when the key is free. */
  private final class Insertion implements Supplier<String> {

    private final RunRecord run;
    private RunRecord stored;

    Insertion(RunRecord run) {
      this.run = run;
    }

    @Override
    public String get() {
      stored = runs.insert(run);
      return stored.id();
    }
  }

  private static <T> Future<T> itemExists(String itemId) {
    return Future.failedFuture(new IllegalStateException("outbox item exists: " + itemId));
  }

  /** {@code ttl} after {@code nowMicros}, at most the largest time there is. */
  private static long expiry(long nowMicros, Duration ttl) {
    if (ttl.getSeconds() >= (Long.MAX_VALUE - nowMicros) / 1_000_000) {
      return Long.MAX_VALUE;
    }
    return nowMicros + ttl.getSeconds() * 1_000_000 + ttl.getNano() / 1000;
  }

  private static long epochMicros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
  }
}
