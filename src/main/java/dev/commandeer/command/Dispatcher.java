package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.ReplyMode;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.reply.FirstRun;
import dev.commandeer.reply.ReplyPlanner;
import dev.commandeer.store.RunIds;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunStatus;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an authenticated {@link Invocation} into the reply its caller sees: resolves the text to a
 * command, refuses what may not run, lets the {@link RunGate} de-duplicate, rate-limit and record
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
      Store store,
      dev.commandeer.config.Config config,
      String instanceId,
      Clock clock,
      RunMetrics metrics) {
    this.planner = planner;
    this.catalog = catalog;
    this.metrics = metrics;
    this.builtins = builtins;
    this.programs = programs;
    this.clock = clock;
    this.gate = new RunGate(store, config, instanceId, clock);
  }

  public Future<Reply> dispatch(Invocation invocation, TokenConfig token) {
    Resolution resolution = catalog.resolve(invocation, token);
    if (resolution instanceof Resolution.Run run && run.command().isProgram()) {
      return gate.pass(run, invocation)
          .compose(
              passage ->
                  passage.admitted()
                      ? programs.run(run, invocation, runId(passage))
                      : planner.now(invocation, passage.refusal()));
    }
    if (resolution instanceof Resolution.Help help) {
      return planner.now(invocation, Reply.ephemeral(help.text()));
    }
    if (resolution instanceof Resolution.Refusal refusal) {
      return planner.now(invocation, Reply.ephemeral(refusal.text()));
    }
    Resolution.Run run = (Resolution.Run) resolution;
    String key = gate.recordAfter(run, invocation);
    if (key != null) {
      return answerFirst(run, invocation, token, key);
    }
    return gate.pass(run, invocation)
        .compose(
            passage ->
                passage.admitted()
                    ? builtin(run, invocation, token, passage)
                    : planner.now(invocation, passage.refusal()));
  }

  private static String runId(RunGate.Passage passage) {
    return passage.record() == null ? "unrecorded" : passage.record().id();
  }

  /**
   * Runs a built-in and answers; its run's outcome is recorded with the answer (in one step when
   * the answer goes through the outbox).
   */
  private Future<Reply> builtin(
      Resolution.Run run, Invocation invocation, TokenConfig token, RunGate.Passage passage) {
    String runId = runId(passage);
    String command = String.join(" ", run.path());
    return builtins
        .run(run, invocation, token, runId)
        .onComplete(ar -> metrics.finished(command, ar.succeeded() ? "ok" : "error", null))
        .otherwise(e -> storeTrouble(run, runId, e))
        .compose(
            text ->
                planner.now(
                    invocation,
                    new Reply(text, visibility(run.command().reply())),
                    passage.record() == null ? null : runId,
                    new RunOutcome(RunStatus.SUCCEEDED, null, clock.instant(), Duration.ZERO)));
  }

  /**
   * A built-in that needs nothing but its words runs before it is recorded: its run, the post's
   * de-duplication key and its answer are then recorded in one step. A post that arrives again is
   * answered as a repeat, and its run is neither recorded nor counted.
   */
  private Future<Reply> answerFirst(
      Resolution.Run run, Invocation invocation, TokenConfig token, String key) {
    String runId = RunIds.next();
    String command = String.join(" ", run.path());
    AtomicBoolean repeated = new AtomicBoolean();
    return builtins
        .run(run, invocation, token, runId)
        .otherwise(e -> storeTrouble(run, runId, e))
        .compose(
            text -> {
              RunOutcome outcome =
                  new RunOutcome(RunStatus.SUCCEEDED, null, clock.instant(), Duration.ZERO);
              FirstRun first =
                  new FirstRun(
                      key,
                      RunGate.DEDUPE_WINDOW,
                      gate.ended(run, invocation, runId, outcome),
                      earlier -> {
                        repeated.set(true);
                        return RunGate.duplicate(invocation, earlier);
                      });
              return planner.now(
                  invocation, new Reply(text, visibility(run.command().reply())), first);
            })
        .onComplete(
            ar -> {
              if (!repeated.get()) {
                metrics.finished(command, ar.succeeded() ? "ok" : "error", null);
              }
            });
  }

  private static String storeTrouble(Resolution.Run run, String runId, Throwable e) {
    LOG.warn("run {}: {} failed: {}", runId, run.display(), e.getMessage());
    return "⚠️ `"
        + run.display()
        + "` did not work: Commandeer could not reach its database. Please try again in a moment.";
  }

  static Reply.Visibility visibility(ReplyMode mode) {
    return switch (mode) {
      case EPHEMERAL -> Reply.Visibility.EPHEMERAL;
      case CHANNEL -> Reply.Visibility.CHANNEL;
      default -> Reply.Visibility.THREAD;
    };
  }
}
