package dev.commandeer.store;

import static dev.commandeer.store.PgValues.instant;
import static dev.commandeer.store.PgValues.timestamp;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies waiting for delivery, in PostgreSQL. Claims lock rows with {@code FOR UPDATE SKIP LOCKED}
 * and lease them, so replicas never deliver the same reply at once.
 */
final class PgOutbox {

  private final Pool pool;
  private final Clock clock;

  PgOutbox(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  Future<Void> enqueue(OutboxItem item, OutboxClaim claim) {
    String sql =
        """
        INSERT INTO outbox (%s) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """
            .formatted(INSERTED);
    return pool.preparedQuery(sql).execute(inserted(item, claim)).mapEmpty();
  }

  /**
   * {@link PgRuns#finish}'s update and {@link #enqueue}'s insert as one statement, so one
   * transaction: a data-modifying {@code WITH} part runs whether or not the query reads it.
   */
  Future<Boolean> finishAndEnqueue(
      String runId, RunOutcome outcome, OutboxItem item, OutboxClaim claim) {
    String sql =
        """
        WITH finished AS (
          UPDATE runs SET status = $12, exit_code = $13, finished_at = $14, duration_ms = $15
          WHERE id = $11 AND status IN ('queued', 'running')
          RETURNING id),
        kept AS (
          INSERT INTO outbox (%s) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10))
        SELECT count(*) AS finished FROM finished
        """
            .formatted(INSERTED);
    Tuple params =
        inserted(item, claim)
            .addValue(runId)
            .addValue(outcome.status().wireName())
            .addValue(outcome.exitCode())
            .addValue(timestamp(outcome.finishedAt()))
            .addValue(PgValues.millis(outcome.duration()));
    return pool.preparedQuery(sql)
        .execute(params)
        .map(rows -> rows.iterator().next().getLong("finished") > 0);
  }

  static final String INSERTED =
      """
      id, run_id, kind, payload, created_at, next_attempt_at, attempts, last_error, claimed_by,
      lease_until""";

  /** The parameters of {@link #INSERTED}: claimed at once, the item counts its first attempt. */
  private Tuple inserted(OutboxItem item, OutboxClaim claim) {
    return addInserted(Tuple.tuple(), item, claim, Times.micros(clock.instant()));
  }

  /** Adds the parameters of {@link #INSERTED} to {@code params}, leased from {@code now}. */
  static Tuple addInserted(Tuple params, OutboxItem item, OutboxClaim claim, Instant now) {
    OutboxItem kept = claim == null ? item : item.claimed();
    Instant leaseUntil = claim == null ? null : now.plus(claim.lease());
    return params
        .addValue(kept.id())
        .addValue(kept.runId())
        .addValue(kept.kind())
        .addValue(kept.payload())
        .addValue(timestamp(kept.createdAt()))
        .addValue(timestamp(kept.nextAttemptAt()))
        .addValue(kept.attempts())
        .addValue(kept.lastError())
        .addValue(claim == null ? null : claim.instanceId())
        .addValue(timestamp(leaseUntil));
  }

  Future<List<OutboxItem>> claimDue(String instanceId, int max, Duration lease) {
    String sql =
        """
        WITH due AS (
          SELECT id FROM outbox
          WHERE state = 'pending' AND next_attempt_at <= $3
            AND (lease_until IS NULL OR lease_until <= $3)
          ORDER BY next_attempt_at, seq
          LIMIT $4
          FOR UPDATE SKIP LOCKED),
        claimed AS (
          UPDATE outbox o SET claimed_by = $1, lease_until = $2, attempts = o.attempts + 1
          FROM due WHERE o.id = due.id
          RETURNING o.seq, o.id, o.run_id, o.kind, o.payload, o.created_at, o.next_attempt_at,
                    o.attempts, o.last_error)
        SELECT id, run_id, kind, payload, created_at, next_attempt_at, attempts, last_error
        FROM claimed ORDER BY next_attempt_at, seq
        """;
    Instant now = Times.micros(clock.instant());
    return pool.preparedQuery(PgLocation.PLANNED_EACH_TIME + sql)
        .execute(Tuple.of(instanceId, timestamp(now.plus(lease)), timestamp(now), Math.max(0, max)))
        .map(
            rows -> {
              List<OutboxItem> items = new ArrayList<>();
              rows.forEach(row -> items.add(item(row)));
              return items;
            });
  }

  Future<Void> markDelivered(String itemId) {
    String sql =
        """
        UPDATE outbox SET state = 'delivered', delivered_at = $2, claimed_by = NULL,
                          lease_until = NULL
        WHERE id = $1 AND state = 'pending'
        """;
    return pool.preparedQuery(sql)
        .execute(Tuple.of(itemId, timestamp(Times.micros(clock.instant()))))
        .mapEmpty();
  }

  /**
   * Every item settled and every run's reply state recorded by one statement. Both tables are
   * reached through their primary keys: {@code r.id = ANY($3)} lets the planner look the runs up
   * instead of joining the whole table with the list, and {@code NOT IN ('delivered', 'dead')}
   * (pending, as the check constraint has it) keeps it from reading the index of every pending
   * reply to prove {@code state = 'pending'}. Two such statements share no outbox row (each settles
   * what its caller holds the lease of); should two replicas' statements share runs and deadlock,
   * the server ends one of them, which then fails.
   */
  Future<Void> markDelivered(List<DeliveredReply> delivered) {
    if (delivered.isEmpty()) {
      return Future.succeededFuture();
    }
    String sql =
        """
        WITH settled AS (
          UPDATE outbox SET state = 'delivered', delivered_at = $2, claimed_by = NULL,
                            lease_until = NULL
          WHERE id = ANY($1) AND state NOT IN ('delivered', 'dead'))
        UPDATE runs r
        SET reply_state = 'delivered', reply_post_id = COALESCE(NULLIF(d.post_id, ''), r.reply_post_id)
        FROM unnest($3::text[], $4::text[]) AS d(run_id, post_id)
        WHERE r.id = ANY($3) AND r.id = d.run_id
        """;
    String[] itemIds = delivered.stream().map(DeliveredReply::itemId).toArray(String[]::new);
    String[] runIds = delivered.stream().map(DeliveredReply::runId).toArray(String[]::new);
    String[] postIds = delivered.stream().map(DeliveredReply::postId).toArray(String[]::new);
    return pool.preparedQuery(PgLocation.PLANNED_EACH_TIME + sql)
        .execute(Tuple.of(itemIds, timestamp(Times.micros(clock.instant())), runIds, postIds))
        .mapEmpty();
  }

  Future<Void> reschedule(String itemId, Instant nextAttemptAt, String error) {
    String sql =
        """
        UPDATE outbox SET next_attempt_at = $2, last_error = $3, claimed_by = NULL,
                          lease_until = NULL
        WHERE id = $1 AND state = 'pending'
        """;
    return pool.preparedQuery(sql)
        .execute(Tuple.of(itemId, timestamp(Times.micros(nextAttemptAt)), OutboxItem.brief(error)))
        .mapEmpty();
  }

  Future<Void> markDead(String itemId, String error) {
    String sql =
        """
        UPDATE outbox SET state = 'dead', last_error = $2, claimed_by = NULL, lease_until = NULL
        WHERE id = $1 AND state = 'pending'
        """;
    return pool.preparedQuery(sql).execute(Tuple.of(itemId, OutboxItem.brief(error))).mapEmpty();
  }

  Future<Long> pendingCount() {
    return pool.preparedQuery(
            PgLocation.PLANNED_EACH_TIME
                + "SELECT count(*) AS n FROM outbox WHERE state = 'pending'")
        .execute()
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  private static OutboxItem item(Row row) {
    return new OutboxItem(
        row.getString("id"),
        row.getString("run_id"),
        row.getString("kind"),
        row.getString("payload"),
        instant(row, "created_at"),
        instant(row, "next_attempt_at"),
        row.getInteger("attempts"),
        row.getString("last_error"));
  }
}
