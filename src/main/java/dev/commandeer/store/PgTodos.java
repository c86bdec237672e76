package dev.commandeer.store;

import static dev.commandeer.store.PgValues.instant;
import static dev.commandeer.store.PgValues.timestamp;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The todo command's lists in PostgreSQL, numbered per channel by a counter row. */
final class PgTodos {

  private final Pool pool;
  private final Clock clock;

  PgTodos(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  Future<TodoItem> add(String channelId, String text, String author) {
    String sql =
        """
        WITH counter AS (
          INSERT INTO todo_counters AS c (channel_id, last_number) VALUES ($1, 1)
          ON CONFLICT (channel_id) DO UPDATE SET last_number = c.last_number + 1
          RETURNING last_number)
        INSERT INTO todos (channel_id, number, body, author, created_at)
        SELECT $1, last_number, $2, $3, $4 FROM counter
        RETURNING channel_id, number, body, author, created_at, done
        """;
    return pool.preparedQuery(sql)
        .execute(Tuple.of(channelId, text, author, timestamp(Times.micros(clock.instant()))))
        .map(rows -> item(rows.iterator().next()));
  }

  Future<List<TodoItem>> list(String channelId) {
    return pool.preparedQuery(
            "SELECT channel_id, number, body, author, created_at, done FROM todos"
                + " WHERE channel_id = $1 ORDER BY number")
        .execute(Tuple.of(channelId))
        .map(
            rows -> {
              List<TodoItem> items = new ArrayList<>();
              rows.forEach(row -> items.add(item(row)));
              return items;
            });
  }

  Future<Boolean> done(String channelId, int number) {
    String sql = "UPDATE todos SET done = true, done_at = $3 WHERE channel_id = $1 AND number = $2";
    return pool.preparedQuery(sql)
        .execute(Tuple.of(channelId, number, timestamp(Times.micros(clock.instant()))))
        .map(rows -> rows.rowCount() > 0);
  }

  Future<Boolean> delete(String channelId, int number) {
    return pool.preparedQuery("DELETE FROM todos WHERE channel_id = $1 AND number = $2")
        .execute(Tuple.of(channelId, number))
        .map(rows -> rows.rowCount() > 0);
  }

  private static TodoItem item(Row row) {
    return new TodoItem(
        row.getString("channel_id"),
        row.getInteger("number"),
        row.getString("body"),
        row.getString("author"),
        instant(row, "created_at"),
        row.getBoolean("done"));
  }
}
