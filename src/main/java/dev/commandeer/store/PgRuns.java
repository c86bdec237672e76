package dev.commandeer.store;

import static dev.commandeer.store.PgValues.timestamp;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Run history, instance heartbeats and cancel requests in PostgreSQL. */
final class PgRuns {

  private static final int ID_ATTEMPTS = 5;

  private final Pool pool;
  private final Clock clock;

  PgRuns(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  Future<RunRecord> insert(RunRecord run) {
    return insert(run, ID_ATTEMPTS);
  }

  private Future<RunRecord> insert(RunRecord run, int attemptsLeft) {
    String sql =
        """
        INSERT INTO runs (%s)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                $19, $20, $21, $22)
        """
            .formatted(PgRunRows.COLUMNS);
    return pool.preparedQuery(sql)
        .execute(PgRunRows.tuple(run))
        .map(rows -> run)
        .recover(
            failure ->
                PgValues.isUniqueViolation(failure) && attemptsLeft > 1
                    ? insert(run.withId(RunIds.next()), attemptsLeft - 1)
                    : Future.failedFuture(failure));
  }

  Future<RunClaim> insertOnce(String key, Duration ttl, RunRecord run) {
    return insertOnce(key, ttl, run, null, null, ID_ATTEMPTS);
  }

  /** As {@link #insertOnce(String, Duration, RunRecord)}, keeping the run's reply in the outbox. */
  Future<RunClaim> insertOnce(
      String key,
      Duration ttl,
      RunRecord run,
      Function<String, OutboxItem> reply,
      OutboxClaim claim) {
    return insertOnce(key, ttl, run, reply, claim, ID_ATTEMPTS);
  }

  /**
   * The key's upsert of {@link PgKeys#claimOnce} and the run's insert in one statement: the run is
   * inserted only when the key was won, and so is its reply when there is one. A taken run id fails
   * the whole statement, key included, and is tried again under a fresh id; when the key's holder
   * committed between the statement's snapshot and its insert, neither part sees a row, and the
   * next attempt will.
   */
  private Future<RunClaim> insertOnce(
      String key,
      Duration ttl,
      RunRecord run,
      Function<String, OutboxItem> reply,
      OutboxClaim claim,
      int attemptsLeft) {
    Instant now = Times.micros(clock.instant());
    Tuple params =
        PgRunRows.tuple(run)
            .addValue(key)
            .addValue(timestamp(now.plus(ttl)))
            .addValue(timestamp(now));
    if (reply != null) {
      PgOutbox.addInserted(params, reply.apply(run.id()), claim, now);
    }
    return pool.preparedQuery(reply == null ? INSERT_ONCE : INSERT_ONCE_WITH_REPLY)
        .execute(params)
        .transform(
            ar -> {
              if (ar.failed()) {
                return PgValues.isUniqueViolation(ar.cause()) && attemptsLeft > 1
                    ? insertOnce(
                        key, ttl, run.withId(RunIds.next()), reply, claim, attemptsLeft - 1)
                    : Future.failedFuture(ar.cause());
              }
              RowIterator<Row> rows = ar.result().iterator();
              if (rows.hasNext()) {
                Row row = rows.next();
                return Future.succeededFuture(
                    row.getBoolean("won")
                        ? RunClaim.recorded(run)
                        : RunClaim.held(row.getString("run_id")));
              }
              return attemptsLeft > 1
                  ? insertOnce(key, ttl, run, reply, claim, attemptsLeft - 1)
                  : Future.failedFuture(
                      new IllegalStateException("no answer claiming a de-duplication key"));
            });
  }

  private static final String WON_AND_RECORDED =
      """
      WITH won AS (
        INSERT INTO dedupe_keys AS d (key, run_id, expires_at) VALUES ($23, $1, $24)
        ON CONFLICT (key) DO UPDATE SET run_id = EXCLUDED.run_id, expires_at = EXCLUDED.expires_at
          WHERE d.expires_at <= $25
        RETURNING run_id),
      recorded AS (
        INSERT INTO runs (%s)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::integer,
               $16::timestamptz, $17::timestamptz, $18::timestamptz, $19::bigint, $20, $21,
               $22::boolean
        WHERE EXISTS (SELECT 1 FROM won))
      """
          .formatted(PgRunRows.COLUMNS);

  private static final String ANSWER =
      """
      SELECT true AS won, run_id FROM won
      UNION ALL
      SELECT false, run_id FROM dedupe_keys WHERE key = $23 AND NOT EXISTS (SELECT 1 FROM won)
      """;

  private static final String INSERT_ONCE = WON_AND_RECORDED + ANSWER;

  private static final String INSERT_ONCE_WITH_REPLY =
      WON_AND_RECORDED
          + """
          , kept AS (
            INSERT INTO outbox (%s)
            SELECT $26, $27, $28, $29, $30::timestamptz, $31::timestamptz, $32::integer, $33,
                   $34, $35::timestamptz
            WHERE EXISTS (SELECT 1 FROM won))
          """
              .formatted(PgOutbox.INSERTED)
          + ANSWER;

  Future<Boolean> start(String runId, Instant startedAt) {
    String sql =
        "UPDATE runs SET status = 'running', started_at = $2 WHERE id = $1 AND status = 'queued'";
    return changed(sql, Tuple.of(runId, timestamp(Times.micros(startedAt))));
  }

  Future<Boolean> finish(String runId, RunOutcome outcome) {
    String sql =
        """
        UPDATE runs SET status = $2, exit_code = $3, finished_at = $4, duration_ms = $5
        WHERE id = $1 AND status IN ('queued', 'running')
        """;
    return changed(
        sql,
        Tuple.of(
            runId,
            outcome.status().wireName(),
            outcome.exitCode(),
            timestamp(outcome.finishedAt()),
            PgValues.millis(outcome.duration())));
  }

  Future<Boolean> updateReply(String runId, ReplyState state, String replyPostId) {
    String sql =
        """
        UPDATE runs SET reply_state = $2, reply_post_id = COALESCE(NULLIF($3, ''), reply_post_id)
        WHERE id = $1
        """;
    return changed(sql, Tuple.of(runId, state.wireName(), replyPostId == null ? "" : replyPostId));
  }

  Future<Optional<RunRecord>> find(String runId) {
    return pool.preparedQuery("SELECT " + PgRunRows.COLUMNS + " FROM runs WHERE id = $1")
        .execute(Tuple.of(runId))
        .map(rows -> PgRunRows.records(rows).stream().findFirst());
  }

  Future<List<RunRecord>> recent(String channelId, int limit) {
    String sql =
        """
        SELECT %s FROM runs WHERE channel_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2
        """
            .formatted(PgRunRows.COLUMNS);
    return pool.preparedQuery(PgLocation.PLANNED_EACH_TIME + sql)
        .execute(Tuple.of(channelId, Math.max(0, limit)))
        .map(PgRunRows::records);
  }

  Future<Void> heartbeat(String instanceId) {
    String sql =
        """
        INSERT INTO instances (id, last_seen) VALUES ($1, $2)
        ON CONFLICT (id) DO UPDATE SET last_seen = EXCLUDED.last_seen
        """;
    return pool.preparedQuery(sql).execute(Tuple.of(instanceId, timestamp(now()))).mapEmpty();
  }

  Future<List<RunRecord>> claimOrphans(String instanceId, Duration staleAfter) {
    String sql =
        """
        UPDATE runs r
        SET status = 'interrupted', finished_at = $2,
            duration_ms = CASE WHEN r.started_at IS NULL THEN NULL
              ELSE GREATEST(0, floor(extract(epoch FROM ($2 - r.started_at)) * 1000))::bigint END
        WHERE r.status IN ('queued', 'running') AND r.instance_id <> $1
          AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = r.instance_id AND i.last_seen > $3)
        RETURNING %s
        """
            .formatted(PgRunRows.COLUMNS);
    Instant now = now();
    return pool.preparedQuery(PgLocation.PLANNED_EACH_TIME + sql)
        .execute(Tuple.of(instanceId, timestamp(now), timestamp(now.minus(staleAfter))))
        .map(rows -> oldestFirst(PgRunRows.records(rows)));
  }

  Future<Boolean> requestCancel(String runId) {
    String sql =
        """
        UPDATE runs SET cancel_requested = true WHERE id = $1 AND status IN ('queued', 'running')
        """;
    return changed(sql, Tuple.of(runId));
  }

  Future<List<String>> cancelRequests(String instanceId) {
    String sql =
        """
        SELECT id FROM runs
        WHERE instance_id = $1 AND cancel_requested AND status IN ('queued', 'running')
        ORDER BY seq
        """;
    return pool.preparedQuery(PgLocation.PLANNED_EACH_TIME + sql)
        .execute(Tuple.of(instanceId))
        .map(rows -> stream(rows).map(row -> row.getString("id")).collect(Collectors.toList()));
  }

  private Future<Boolean> changed(String sql, Tuple params) {
    return pool.preparedQuery(sql).execute(params).map(rows -> rows.rowCount() > 0);
  }

  private Instant now() {
    return Times.micros(clock.instant());
  }

  private static List<RunRecord> oldestFirst(List<RunRecord> runs) {
    runs.sort(Comparator.comparing(RunRecord::createdAt));
    return runs;
  }

  private static Stream<Row> stream(RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false);
  }
}
