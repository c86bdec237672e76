package dev.commandeer.command;

import dev.commandeer.store.RunRecord;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** {@code status <run>}: everything recorded about one run the caller may see. */
final class StatusCommand {

  /** Longer than any run id; what is longer is not looked up. */
  private static final int MAX_ID = 64;

  private final Store store;
  private final Clock clock;

  StatusCommand(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  Future<String> run(String typedId, RunAccess access) {
    return find(store, typedId, access)
        .map(run -> run.map(this::describe).orElseGet(() -> unknown(typedId)));
  }

  /**
   * The run with the typed id, if the caller may see it; a run the caller may not see is as good as
   * unknown, so that ids of others' runs reveal nothing.
   */
  static Future<Optional<RunRecord>> find(Store store, String typedId, RunAccess access) {
    String id = typedId.strip().toLowerCase(Locale.ROOT);
    if (id.isEmpty() || id.length() > MAX_ID) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.findRun(id).map(run -> run.filter(access::maySee));
  }

  static String unknown(String typedId) {
    return "No run " + Markdown.typed(typedId.strip()) + ".";
  }

  private String describe(RunRecord run) {
    Instant now = clock.instant();
    StringBuilder text =
        new StringBuilder("**Run ")
            .append(Markdown.code(run.id()))
            .append("** ")
            .append(RunText.status(run.status()));
    item(text, "Command", Markdown.code(RunText.command(run).replaceAll("\\s+", " ")));
    item(text, "By", RunText.who(run.origin()) + " in " + RunText.where(run.origin()));
    item(text, "Created", RunText.when(run.createdAt(), now));
    if (run.startedAt() != null) {
      item(text, "Started", RunText.when(run.startedAt(), now));
    }
    if (run.finishedAt() != null) {
      item(text, "Finished", RunText.when(run.finishedAt(), now));
    }
    if (run.duration() != null) {
      item(text, "Took", RunText.took(run.duration()));
    }
    if (run.exitCode() != null) {
      item(text, "Exit code", String.valueOf(run.exitCode()));
    }
    item(text, "Reply", run.replyState().wireName());
    if (run.cancelRequested() && run.status().isActive()) {
      item(text, "Cancel", "requested");
    }
    return text.toString();
  }

  private static void item(StringBuilder text, String label, String value) {
    text.append("\n- ").append(label).append(": ").append(value);
  }
}
