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

  Future<Void> enqueue(OutboxItem item) {
    String sql =
        """
        INSERT INTO outbox (id, run_id, kind, payload, created_at, next_attempt_at, attempts,
                            last_error)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """;
    return pool.preparedQuery(sql)
        .execute(
            Tuple.of(
                item.id(),
                item.runId(),
                item.kind(),
                item.payload(),
                timestamp(item.createdAt()),
                timestamp(item.nextAttemptAt()),
                item.attempts(),
                item.lastError()))
        .mapEmpty();
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
          RETURNING o.*)
        SELECT * FROM claimed ORDER BY next_attempt_at, seq
        """;
    Instant now = Times.micros(clock.instant());
    return pool.preparedQuery(sql)
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
    return pool.query("SELECT count(*) AS n FROM outbox WHERE state = 'pending'")
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
