package dev.commandeer.store;

import static dev.commandeer.store.PgValues.instant;
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
import java.util.Optional;

/**
 * De-duplication keys and rate windows in PostgreSQL, each decided by one upsert so that replicas
 * sharing the database agree.
 */
final class PgKeys {

  private static final int CLAIM_ATTEMPTS = 3;

  private final Pool pool;
  private final Clock clock;

  PgKeys(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  Future<Optional<String>> claimOnce(String key, String runId, Duration ttl) {
    return claimOnce(key, runId, ttl, CLAIM_ATTEMPTS);
  }

  /**
   * Either inserts the key (or takes over an expired one) and says so, or reads who holds it. When
   * the holder committed between the statement's snapshot and its insert, neither part sees a row:
   * the next attempt will.
   */
  private Future<Optional<String>> claimOnce(
      String key, String runId, Duration ttl, int attemptsLeft) {
    String sql =
        """
        WITH won AS (
          INSERT INTO dedupe_keys AS d (key, run_id, expires_at) VALUES ($1, $2, $3)
          ON CONFLICT (key) DO UPDATE SET run_id = EXCLUDED.run_id, expires_at = EXCLUDED.expires_at
            WHERE d.expires_at <= $4
          RETURNING true AS won, run_id)
        SELECT won, run_id FROM won
        UNION ALL
        SELECT false, run_id FROM dedupe_keys WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM won)
        """;
    Instant now = Times.micros(clock.instant());
    return pool.preparedQuery(sql)
        .execute(Tuple.of(key, runId, timestamp(now.plus(ttl)), timestamp(now)))
        .compose(rows -> answer(rows, key, runId, ttl, attemptsLeft));
  }

  private Future<Optional<String>> answer(
      RowSet<Row> rows, String key, String runId, Duration ttl, int attemptsLeft) {
    RowIterator<Row> it = rows.iterator();
    if (it.hasNext()) {
      Row row = it.next();
      return Future.succeededFuture(
          row.getBoolean("won") ? Optional.empty() : Optional.of(row.getString("run_id")));
    }
    return attemptsLeft > 1
        ? claimOnce(key, runId, ttl, attemptsLeft - 1)
        : Future.failedFuture(new IllegalStateException("no answer claiming a de-duplication key"));
  }

  /**
   * A fixed window per key: the first hit after a window ended opens a new one at {@code now};
   * every hit counts, and those past the limit are denied until the window ends.
   */
  Future<RateDecision> hit(String key, int limit, Duration window, Instant now) {
    String sql =
        """
        INSERT INTO rate_windows AS w (key, window_start, hits) VALUES ($1, $2, 1)
        ON CONFLICT (key) DO UPDATE SET
          window_start = CASE WHEN w.window_start <= $3 THEN $2 ELSE w.window_start END,
          hits = CASE WHEN w.window_start <= $3 THEN 1 ELSE w.hits + 1 END
        RETURNING window_start, hits
        """;
    Instant at = Times.micros(now);
    return pool.preparedQuery(sql)
        .execute(Tuple.of(key, timestamp(at), timestamp(at.minus(window))))
        .map(rows -> decide(rows.iterator().next(), limit, window, at));
  }

  private static RateDecision decide(Row row, int limit, Duration window, Instant now) {
    if (row.getInteger("hits") <= limit) {
      return RateDecision.allow();
    }
    Instant reopens = instant(row, "window_start").plus(window);
    return RateDecision.deny(Duration.between(now, reopens));
  }
}
