package dev.commandeer.command;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.reply.FirstRun;
import dev.commandeer.reply.ReplyPlanner;
import dev.commandeer.store.RunIds;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunStatus;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an authenticated {@link Conversation} into the reply its caller sees: resolves the text to
 * a command, refuses what may not run, lets the {@link RunGate} de-duplicate, rate-limit and record
 * the run, then runs a built-in or hands the program to {@link ProgramCommands}.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final CommandCatalog catalog;
  private final BuiltinCommands builtins;
  private final ProgramCommands programs;
  private final RunGate gate;
  private final Clock clock;
  private final RunMetrics metrics;
  private final ReplyPlanner planner;

  public Dispatcher(
      ReplyPlanner planner,
      CommandCatalog catalog,
      BuiltinCommands builtins,
      ProgramCommands programs,
      RunGate gate,
      Clock clock,
      RunMetrics metrics) {
    this.planner = planner;
    this.catalog = catalog;
    this.metrics = metrics;
    this.builtins = builtins;
    this.programs = programs;
    this.clock = clock;
    this.gate = gate;
  }

  public Future<Reply> dispatch(Conversation conversation, TokenConfig token) {
    Invocation invocation = conversation.invocation();
    Resolution resolution = catalog.resolve(invocation, token);
    if (resolution instanceof Resolution.Run run && run.command().isProgram()) {
      return gate.pass(run, conversation)
          .compose(
              passage ->
                  passage.admitted()
                      ? programs.run(run, conversation, runId(passage))
                      : planner.now(conversation, passage.refusal()));
    }
    if (resolution instanceof Resolution.Help help) {
      return planner.now(conversation, Reply.ephemeral(help.text()));
    }
    if (resolution instanceof Resolution.Refusal refusal) {
      return planner.now(conversation, Reply.ephemeral(refusal.text()));
    }
    Resolution.Run run = (Resolution.Run) resolution;
    String key = gate.recordAfter(run, conversation);
    if (key != null) {
      return answerFirst(run, conversation, token, key);
    }
    return gate.pass(run, conversation)
        .compose(
            passage ->
                passage.admitted()
                    ? builtin(run, conversation, token, passage)
                    : planner.now(conversation, passage.refusal()));
  }

  private static String runId(RunGate.Passage passage) {
    return passage.record() == null ? "unrecorded" : passage.record().id();
  }

  /**
   * Runs a built-in and answers; its run's outcome is recorded with the answer (in one step when
   * the answer goes through the outbox).
   */
  private Future<Reply> builtin(
      Resolution.Run run, Conversation conversation, TokenConfig token, RunGate.Passage passage) {
    String runId = runId(passage);
    String command = String.join(" ", run.path());
    return builtins
        .run(run, conversation.invocation(), token, runId)
        .onComplete(ar -> metrics.finished(command, ar.succeeded() ? "ok" : "error", null))
        .otherwise(e -> storeTrouble(run, runId, e))
        .compose(
            text ->
                planner.now(
                    conversation,
                    new Reply(text, conversation.visibility(run.command().reply())),
                    passage.record() == null ? null : runId,
                    new RunOutcome(RunStatus.SUCCEEDED, null, clock.instant(), Duration.ZERO)));
  }

  /**
   * A built-in that needs nothing but its words runs before it is recorded: its run, the post's
   * de-duplication key and its answer are then recorded in one step. A post that arrives again is
   * answered as a repeat, and its run is neither recorded nor counted.
   */
  private Future<Reply> answerFirst(
      Resolution.Run run, Conversation conversation, TokenConfig token, String key) {
    String runId = RunIds.next();
    String command = String.join(" ", run.path());
    Invocation invocation = conversation.invocation();
    return builtins
        .run(run, invocation, token, runId)
        .otherwise(e -> storeTrouble(run, runId, e))
        .compose(
            text -> {
              RunOutcome outcome =
                  new RunOutcome(RunStatus.SUCCEEDED, null, clock.instant(), Duration.ZERO);
              FirstRun first =
                  new FirstRun(
                      key, RunGate.DEDUPE_WINDOW, gate.ended(run, invocation, runId, outcome));
              Reply reply = new Reply(text, conversation.visibility(run.command().reply()));
              return planner.first(conversation, reply, first);
            })
        .onComplete(
            ar -> {
              if (ar.failed() || !ar.result().repeated()) {
                metrics.finished(command, ar.succeeded() ? "ok" : "error", null);
              }
            })
        .map(
            answer ->
                answer.repeated()
                    ? RunGate.duplicate(conversation, answer.repeatOf())
                    : answer.reply());
  }

  private static String storeTrouble(Resolution.Run run, String runId, Throwable e) {
    LOG.warn("run {}: {} failed: {}", runId, run.display(), e.getMessage());
    return "⚠️ `"
        + run.display()
        + "` did not work: Commandeer could not reach its database. Please try again in a moment.";
  }
}
