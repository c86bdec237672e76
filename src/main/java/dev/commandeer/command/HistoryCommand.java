package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.store.RunRecord;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code history [n]}: the channel's latest runs, newest first, of the commands the caller may see
 * (see {@link RunAccess}).
 */
final class HistoryCommand {

  static final int DEFAULT_COUNT = 10;
  static final int MAX_COUNT = 50;

  /** How many of the channel's latest runs are looked through for ones the caller may see. */
  static final int LOOK_BACK = 200;

  private final Store store;
  private final Clock clock;

  HistoryCommand(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * @param count what was typed for {@code n}: digits, or empty for the default
   * @param runId the run of this very command, left out of the list
   */
  Future<String> run(String count, Invocation invocation, RunAccess access, String runId) {
    int wanted = count(count);
    return store
        .recentRuns(RunOrigins.channelKey(invocation), LOOK_BACK)
        .map(
            runs ->
                runs.stream()
                    .filter(run -> !run.id().equals(runId) && access.maySee(run))
                    .limit(wanted)
                    .toList())
        .map(this::listing);
  }

  static int count(String typed) {
    if (!typed.matches("[0-9]{1,9}")) {
      return DEFAULT_COUNT;
    }
    return Math.max(1, Math.min(MAX_COUNT, Integer.parseInt(typed)));
  }

  private String listing(List<RunRecord> runs) {
    if (runs.isEmpty()) {
      return "Nothing has run in this channel yet.";
    }
    Instant now = clock.instant();
    StringBuilder text = new StringBuilder("**Recent runs in this channel**, newest first:");
    runs.forEach(run -> text.append("\n- ").append(line(run, now)));
    return text.toString();
  }

  /** {@code `k3v7qa2m` ✅ succeeded · `deploy api` · alice · 3m ago · took 4.2s · exit 0}. */
  private static String line(RunRecord run, Instant now) {
    StringBuilder line =
        new StringBuilder(Markdown.code(run.id()))
            .append(' ')
            .append(RunText.status(run.status()))
            .append(" · ")
            .append(Markdown.typed(RunText.command(run)))
            .append(" · ")
            .append(RunText.who(run.origin()))
            .append(" · ")
            .append(RunText.ago(run.createdAt(), now));
    if (run.duration() != null) {
      line.append(" · took ").append(RunText.took(run.duration()));
    }
    if (run.exitCode() != null) {
      line.append(" · exit ").append(run.exitCode());
    }
    return line.toString();
  }
}
