package dev.commandeer.store;

import dev.commandeer.config.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The store in PostgreSQL, shared by every replica, through the reactive PG client. {@link #open}
 * migrates the schema with Flyway (on a worker thread) before the pool serves anything.
 *
 * <p>The URL may name a schema ({@code ?schema=name}) that holds the tables instead of the server's
 * default; it is created when missing.
 */
public final class PgStore implements Store {

  private final Pool pool;
  private final Clock clock;
  private final PgRuns runs;
  private final PgOutbox outbox;
  private final PgKeys keys;
  private final PgTodos todos;

  private PgStore(Pool pool, Clock clock) {
    this.clock = clock;
    this.pool = pool;
    this.runs = new PgRuns(pool, clock);
    this.outbox = new PgOutbox(pool, clock);
    this.keys = new PgKeys(pool, clock);
    this.todos = new PgTodos(pool, clock);
  }

  public static Future<PgStore> open(Vertx vertx, StoreConfig config) {
    return open(vertx, config, Clock.systemUTC());
  }

  /** Migrates the schema, then builds the pool; fails when the database cannot be reached. */
  public static Future<PgStore> open(Vertx vertx, StoreConfig config, Clock clock) {
    PgLocation location;
    try {
      location = PgLocation.parse(config.url());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx
        .executeBlocking(() -> Migrations.migrate(location, config.connectTimeout()), false)
        .map(migrated -> new PgStore(pool(vertx, location, config), clock));
  }

  private static Pool pool(Vertx vertx, PgLocation location, StoreConfig config) {
    int connectMillis = Math.toIntExact(config.connectTimeout().toMillis());
    return PgBuilder.pool()
        .with(
            new PoolOptions()
                .setMaxSize(config.poolSize())
                .setName("commandeer")
                .setConnectionTimeout(connectMillis)
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .with(new NetClientOptions().setConnectTimeout(connectMillis))
        .connectingTo(location.connectOptions(config.queryTimeout()))
        .using(vertx)
        .build();
  }

  @Override
  public Future<RunRecord> insertRun(RunRecord run) {
    return runs.insert(run);
  }

  @Override
  public Future<RunClaim> insertRunOnce(String key, Duration ttl, RunRecord run) {
    return runs.insertOnce(key, ttl, run);
  }

  @Override
  public Future<RunClaim> insertRunOnce(
      String key,
      Duration ttl,
      RunRecord run,
      Function<String, OutboxItem> reply,
      OutboxClaim claim) {
    return runs.insertOnce(key, ttl, run, reply, claim);
  }

  @Override
  public Future<Boolean> startRun(String runId, Instant startedAt) {
    return runs.start(runId, startedAt);
  }

  @Override
  public Future<Boolean> finishRun(String runId, RunOutcome outcome) {
    return runs.finish(runId, outcome);
  }

  @Override
  public Future<Boolean> finishRun(
      String runId, RunOutcome outcome, OutboxItem reply, OutboxClaim claim) {
    return outbox.finishAndEnqueue(runId, outcome, reply, claim);
  }

  @Override
  public Future<Boolean> updateReply(String runId, ReplyState state, String replyPostId) {
    return runs.updateReply(runId, state, replyPostId);
  }

  @Override
  public Future<Optional<RunRecord>> findRun(String runId) {
    return runs.find(runId);
  }

  @Override
  public Future<List<RunRecord>> recentRuns(String channelId, int limit) {
    return runs.recent(channelId, limit);
  }

  @Override
  public Future<Void> heartbeat(String instanceId) {
    return runs.heartbeat(instanceId);
  }

  @Override
  public Future<List<RunRecord>> claimOrphanedRuns(String instanceId, Duration staleAfter) {
    return runs.claimOrphans(instanceId, staleAfter);
  }

  @Override
  public Future<Boolean> requestCancel(String runId) {
    return runs.requestCancel(runId);
  }

  @Override
  public Future<List<String>> cancelRequests(String instanceId) {
    return runs.cancelRequests(instanceId);
  }

  @Override
  public Future<Void> enqueueReply(OutboxItem item, OutboxClaim claim) {
    return outbox.enqueue(item, claim);
  }

  @Override
  public Future<List<OutboxItem>> claimDue(String instanceId, int max, Duration lease) {
    return outbox.claimDue(instanceId, max, lease);
  }

  @Override
  public Future<Void> markDelivered(String itemId) {
    return outbox.markDelivered(itemId);
  }

  @Override
  public Future<Void> markDelivered(List<DeliveredReply> delivered) {
    return outbox.markDelivered(delivered);
  }

  @Override
  public Future<Void> reschedule(String itemId, Instant nextAttemptAt, String error) {
    return outbox.reschedule(itemId, nextAttemptAt, error);
  }

  @Override
  public Future<Void> markDead(String itemId, String error) {
    return outbox.markDead(itemId, error);
  }

  @Override
  public Future<Long> prune(Instant deliveredBefore, Instant historyBefore, int max) {
    String sql =
        PgLocation.PLANNED_EACH_TIME
            + """
            WITH delivered AS (
              DELETE FROM outbox WHERE id IN (
                SELECT id FROM outbox WHERE state = 'delivered' AND delivered_at < $1
                LIMIT $3 FOR UPDATE SKIP LOCKED)
              RETURNING 1),
            expired AS (
              DELETE FROM dedupe_keys WHERE key IN (
                SELECT key FROM dedupe_keys WHERE expires_at < $2
                LIMIT $3 FOR UPDATE SKIP LOCKED)
              RETURNING 1),
            old_runs AS (
              DELETE FROM runs WHERE id IN (
                SELECT id FROM runs WHERE created_at < $4 AND status NOT IN ('queued', 'running')
                ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
              RETURNING 1),
            given_up AS (
              DELETE FROM outbox WHERE id IN (
                SELECT id FROM outbox WHERE state = 'dead' AND created_at < $4
                LIMIT $3 FOR UPDATE SKIP LOCKED)
              RETURNING 1),
            stale_windows AS (
              DELETE FROM rate_windows WHERE key IN (
                SELECT key FROM rate_windows WHERE window_start < $5
                LIMIT $3 FOR UPDATE SKIP LOCKED)
              RETURNING 1)
            SELECT (SELECT count(*) FROM delivered) + (SELECT count(*) FROM expired)
              + (SELECT count(*) FROM old_runs) + (SELECT count(*) FROM given_up)
              + (SELECT count(*) FROM stale_windows) AS n
            """;
    Instant now = clock.instant();
    return pool.preparedQuery(sql)
        .execute(
            Tuple.of(
                PgValues.timestamp(Times.micros(deliveredBefore)),
                PgValues.timestamp(Times.micros(now)),
                Math.max(0, max),
                PgValues.timestamp(Times.micros(historyBefore)),
                PgValues.timestamp(Times.micros(now.minus(STALE_WINDOW)))))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  @Override
  public Future<Long> pendingCount() {
    return outbox.pendingCount();
  }

  @Override
  public Future<Optional<String>> claimOnce(String key, String runId, Duration ttl) {
    return keys.claimOnce(key, runId, ttl);
  }

  @Override
  public Future<RateDecision> hit(String key, int limit, Duration window, Instant now) {
    return keys.hit(key, limit, window, now);
  }

  @Override
  public Future<TodoItem> addTodo(String channelId, String text, String author) {
    return todos.add(channelId, text, author);
  }

  @Override
  public Future<List<TodoItem>> listTodos(String channelId) {
    return todos.list(channelId);
  }

  @Override
  public Future<Boolean> doneTodo(String channelId, int number) {
    return todos.done(channelId, number);
  }

  @Override
  public Future<Boolean> deleteTodo(String channelId, int number) {
    return todos.delete(channelId, number);
  }

  @Override
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }
}
