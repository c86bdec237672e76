package dev.commandeer.command;

import dev.commandeer.store.RunRecord;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import java.util.function.Predicate;

/**
 * {@code cancel <run>}: stops a run for the person who started it or an admin, whichever replica
 * runs it. This process cancels its own runs at once; for another's it records the request, which
 * the owning replica picks up.
 */
final class CancelCommand {

  private final Store store;
  private final Predicate<String> cancelHere;

  CancelCommand(Store store, Predicate<String> cancelHere) {
    this.store = store;
    this.cancelHere = cancelHere;
  }

  Future<String> run(String typedId, RunAccess access) {
    return StatusCommand.find(store, typedId, access)
        .compose(
            run ->
                run.map(r -> cancel(r, access))
                    .orElseGet(() -> Future.succeededFuture(StatusCommand.unknown(typedId))));
  }

  private Future<String> cancel(RunRecord run, RunAccess access) {
    String id = Markdown.code(run.id());
    if (!access.mayCancel(run)) {
      return Future.succeededFuture(
          "Only " + RunText.who(run.origin()) + " or an admin can cancel run " + id + ".");
    }
    if (!run.status().isActive()) {
      return Future.succeededFuture(ended(run));
    }
    if (cancelHere.test(run.id())) {
      return Future.succeededFuture("🛑 Cancelling run " + id + "…");
    }
    return store.requestCancel(run.id()).compose(asked -> asked ? requested(id) : endedNow(run));
  }

  private static Future<String> requested(String id) {
    return Future.succeededFuture(
        "🛑 Cancel requested for run "
            + id
            + "; the replica running it stops it within a few seconds.");
  }

  /** The run ended between looking it up and asking for the cancel. */
  private Future<String> endedNow(RunRecord run) {
    return store.findRun(run.id()).map(now -> ended(now.orElse(run)));
  }

  private static String ended(RunRecord run) {
    String how = run.status().isActive() ? "" : " (" + RunText.word(run.status()) + ")";
    return "Run " + Markdown.code(run.id()) + " already ended" + how + ".";
  }
}
