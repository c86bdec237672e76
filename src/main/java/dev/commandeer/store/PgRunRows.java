package dev.commandeer.store;

import static dev.commandeer.store.PgValues.instant;
import static dev.commandeer.store.PgValues.timestamp;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** A {@link RunRecord} as a row of {@code runs}, and back. */
final class PgRunRows {

  /**
   * Every column a {@link RunRecord} is read from, named rather than {@code *}: a statement stays
   * prepared on its connection, and a column added by a newer replica's migration must not change
   * what it returns.
   */
  static final String COLUMNS =
      """
      id, instance_id, ingress, team_id, team_name, channel_id, channel_name, user_id, user_name,
      post_id, root_id, command, arguments, status, exit_code, created_at, started_at, finished_at,
      duration_ms, reply_state, reply_post_id, cancel_requested""";

  private PgRunRows() {}

  /** The values of {@link #COLUMNS} for {@code run}, as $1..$22; more may be added after them. */
  static Tuple tuple(RunRecord run) {
    RunOrigin o = run.origin();
    // a list that grows: some statements add their own parameters after the columns
    return Tuple.wrap(
        new ArrayList<>(
            Arrays.asList(
                run.id(),
                run.instanceId(),
                o.ingress(),
                o.teamId(),
                o.teamName(),
                o.channelId(),
                o.channelName(),
                o.userId(),
                o.userName(),
                o.postId(),
                o.rootId(),
                run.command(),
                run.arguments(),
                run.status().wireName(),
                run.exitCode(),
                timestamp(run.createdAt()),
                timestamp(run.startedAt()),
                timestamp(run.finishedAt()),
                PgValues.millis(run.duration()),
                run.replyState().wireName(),
                run.replyPostId(),
                run.cancelRequested())));
  }

  static RunRecord record(Row row) {
    RunOrigin origin =
        new RunOrigin(
            row.getString("ingress"),
            row.getString("team_id"),
            row.getString("team_name"),
            row.getString("channel_id"),
            row.getString("channel_name"),
            row.getString("user_id"),
            row.getString("user_name"),
            row.getString("post_id"),
            row.getString("root_id"));
    return new RunRecord(
        row.getString("id"),
        row.getString("instance_id"),
        origin,
        row.getString("command"),
        row.getString("arguments"),
        RunStatus.fromWireName(row.getString("status")),
        row.getInteger("exit_code"),
        instant(row, "created_at"),
        instant(row, "started_at"),
        instant(row, "finished_at"),
        PgValues.duration(row, "duration_ms"),
        ReplyState.fromWireName(row.getString("reply_state")),
        row.getString("reply_post_id"),
        row.getBoolean("cancel_requested"));
  }

  /** A mutable list, in the order of the rows. */
  static List<RunRecord> records(RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false)
        .map(PgRunRows::record)
        .collect(Collectors.toList());
  }
}
