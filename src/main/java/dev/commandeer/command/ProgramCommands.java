package dev.commandeer.command;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.CommandConfig;
import dev.commandeer.exec.Admission;
import dev.commandeer.exec.ArgvTemplate;
import dev.commandeer.exec.ChildEnvironment;
import dev.commandeer.exec.Permit;
import dev.commandeer.exec.ProcessResult;
import dev.commandeer.exec.ProcessRunner;
import dev.commandeer.exec.ProcessSpec;
import dev.commandeer.exec.RunLimiter;
import dev.commandeer.exec.RunningProcess;
import dev.commandeer.reply.PendingRun;
import dev.commandeer.reply.ReplyPlanner;
import dev.commandeer.reply.RunEnd;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunStatus;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands declared with {@code run:}: admits them under the concurrency limits (queueing or
 * refusing), starts the program with its argv and clean environment, marks the run started in the
 * history, and hands the pending result to the {@link ReplyPlanner}, which decides whether it is
 * answered inline or later and records how the run ended.
 */
public final class ProgramCommands {

  private static final Logger LOG = LoggerFactory.getLogger(ProgramCommands.class);

  private final Vertx vertx;
  private final ProcessRunner runner;
  private final RunLimiter limiter;
  private final ChildEnvironment environment;
  private final ReplyPlanner planner;
  private final RunMetrics metrics;
  private final Store store;
  private final Clock clock;
  private final Map<String, RunningProcess> active = new ConcurrentHashMap<>();
  private final Map<String, Admission.Queued> waiting = new ConcurrentHashMap<>();
  // every run admitted and not yet answered, queued ones included: what shutdown waits for
  private final Map<String, Future<RunEnd>> admitted = new ConcurrentHashMap<>();
  private volatile boolean stopping;
  private volatile boolean graceOver;

  public ProgramCommands(
      Vertx vertx,
      ProcessRunner runner,
      RunLimiter limiter,
      ChildEnvironment environment,
      ReplyPlanner planner,
      RunMetrics metrics,
      Store store,
      Clock clock) {
    this.vertx = vertx;
    this.runner = runner;
    this.limiter = limiter;
    this.environment = environment;
    this.planner = planner;
    this.metrics = metrics;
    this.store = store;
    this.clock = clock;
  }

  public Future<Reply> run(Resolution.Run run, Conversation conversation, String runId) {
    Invocation invocation = conversation.invocation();
    String key = String.join(" ", run.path());
    Admission admission = limiter.admit(key, run.command().concurrency());
    if (admission instanceof Admission.Refused refused) {
      metrics.finished(key, "rejected", null);
      LOG.warn("run {}: {} refused, the queue is full ({})", runId, key, refused.queueLimit());
      RunOutcome cancelled = new RunOutcome(RunStatus.CANCELLED, null, clock.instant(), null);
      return planner.now(
          conversation,
          Reply.ephemeral(
              "🚦 Commandeer is busy: "
                  + refused.queueLimit()
                  + " commands are already waiting, so "
                  + Markdown.code(run.display())
                  + " was not started. Please try again in a little while."),
          runId,
          cancelled);
    }
    int position = 0;
    if (admission instanceof Admission.Queued queued) {
      position = queued.position();
      waiting.put(runId, queued);
    }
    LOG.info(
        "run {}: {} by {} in {}{}",
        runId,
        key,
        invocation.userName(),
        invocation.channelName(),
        position > 0 ? ", queued at " + position : "");
    Promise<Void> started = Promise.promise();
    Future<RunEnd> ended =
        admission
            .permit()
            .onComplete(ar -> waiting.remove(runId))
            .compose(permit -> execute(runId, key, run, invocation, permit, started))
            .map(
                result ->
                    new RunEnd(report(run, result), finished(runId, key, run.command(), result)))
            .otherwise(e -> notRun(runId, run, e));
    admitted.put(runId, ended);
    ended.onComplete(ar -> admitted.remove(runId));
    return planner.answer(
        conversation,
        run.command().reply(),
        new PendingRun(runId, run.display(), ended, position, started.future()));
  }

  /** Cancels a run of this process, running or queued; false when this process has no such run. */
  public boolean cancel(String runId) {
    Admission.Queued queued = waiting.remove(runId);
    if (queued != null && queued.cancel()) {
      return true;
    }
    RunningProcess process = active.get(runId);
    if (process == null) {
      return false;
    }
    process.cancel();
    return true;
  }

  /**
   * For shutdown: waits up to {@code grace} for running programs to end, then stops the rest (their
   * reports say they were interrupted). The future completes once every program is gone.
   */
  public Future<Void> shutdown(Duration grace) {
    stopping = true;
    waiting.keySet().forEach(this::cancel);
    // Also runs that were granted a slot but have not started their program yet: they must not
    // start it once the runner is closed, and their answer must still be given.
    List<Future<RunEnd>> runs = List.copyOf(admitted.values());
    if (runs.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.info("waiting up to {} for {} running program(s)", grace, runs.size());
    Promise<Void> done = Promise.promise();
    Future.join(runs).onComplete(ar -> done.tryComplete());
    long timer =
        vertx.setTimer(
            Math.max(1, grace.toMillis()),
            t -> {
              graceOver = true;
              LOG.warn("stopping {} program(s) still running at shutdown", active.size());
              active.values().forEach(RunningProcess::cancel);
            });
    return done.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private Future<ProcessResult> execute(
      String runId,
      String key,
      Resolution.Run run,
      Invocation invocation,
      Permit permit,
      Promise<Void> started) {
    ProcessSpec spec = spec(runId, run, invocation);
    return store
        .startRun(runId, clock.instant())
        .otherwise(true)
        .compose(
            mayStart -> {
              if (!mayStart || stopping) {
                permit.release();
                return Future.failedFuture(new CancellationException("cancelled while queued"));
              }
              started.tryComplete();
              return runner.launch(spec);
            })
        .compose(
            process -> {
              active.put(runId, process);
              if (graceOver) {
                process.cancel();
              }
              return process.result().onComplete(ar -> active.remove(runId));
            })
        .onComplete(ar -> permit.release());
  }

  private String report(Resolution.Run run, ProcessResult result) {
    String text = RunReport.format(run.display(), result, run.command().timeout());
    if (stopping && result.outcome() == ProcessResult.Outcome.CANCELLED) {
      return "⚠️ "
          + Markdown.code(run.display())
          + " was interrupted: Commandeer was shutting down.\n"
          + text;
    }
    return text;
  }

  private RunEnd notRun(String runId, Resolution.Run run, Throwable e) {
    if (stopping && e instanceof CancellationException) {
      return new RunEnd(
          "⚠️ "
              + Markdown.code(run.display())
              + " was not started: Commandeer was restarting. Please run it again.",
          new RunOutcome(RunStatus.INTERRUPTED, null, clock.instant(), null));
    }
    RunOutcome cancelled = new RunOutcome(RunStatus.CANCELLED, null, clock.instant(), null);
    if (e instanceof CancellationException) {
      return new RunEnd(
          "🛑 " + Markdown.code(run.display()) + " was cancelled before it started.", cancelled);
    }
    LOG.error("run {}: could not run {}", runId, run.display(), e);
    return new RunEnd(
        "❌ " + Markdown.code(run.display()) + " could not run: " + e.getMessage(), cancelled);
  }

  private ProcessSpec spec(String runId, Resolution.Run run, Invocation invocation) {
    CommandConfig command = run.command();
    return new ProcessSpec(
        runId,
        ArgvTemplate.parse(command.run()).expand(run.args()),
        environment.forRun(runId, invocation.variables(), run.display(), command.env(), run.args()),
        command.cwd() == null ? null : Path.of(command.cwd()),
        command.timeout(),
        command.maxOutputBytes());
  }

  /** Counts and logs how the program ended; the outcome to record. */
  private RunOutcome finished(
      String runId, String key, CommandConfig command, ProcessResult result) {
    RunStatus status =
        switch (result.outcome()) {
          case EXITED -> result.exitCode() == 0 ? RunStatus.SUCCEEDED : RunStatus.FAILED;
          case TIMED_OUT -> RunStatus.TIMED_OUT;
          case CANCELLED -> stopping ? RunStatus.INTERRUPTED : RunStatus.CANCELLED;
          case FAILED_TO_START, ABORTED -> RunStatus.FAILED;
        };
    RunOutcome ended =
        new RunOutcome(
            status,
            result.outcome() == ProcessResult.Outcome.EXITED ? result.exitCode() : null,
            clock.instant(),
            result.elapsed());
    String outcome =
        switch (result.outcome()) {
          case EXITED -> result.exitCode() == 0 ? "ok" : "failed";
          case TIMED_OUT -> "timeout";
          case CANCELLED -> "cancelled";
          case FAILED_TO_START, ABORTED -> "error";
        };
    metrics.finished(key, outcome, result.elapsed());
    if (result.stdout().truncated() || result.stderr().truncated()) {
      metrics.truncated(key);
    }
    LOG.info(
        "run {}: {} {} (exit {}) after {} ms",
        runId,
        key,
        outcome,
        result.exitCode(),
        result.elapsed().toMillis());
    if (result.outcome() == ProcessResult.Outcome.FAILED_TO_START) {
      LOG.warn("run {}: {} could not start: {}", runId, command.run().get(0), result.startError());
    }
    return ended;
  }
}
