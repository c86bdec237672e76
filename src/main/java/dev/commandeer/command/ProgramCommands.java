package dev.commandeer.command;

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
import dev.commandeer.reply.Reply;
import dev.commandeer.reply.ReplyPlanner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands declared with {@code run:}: admits them under the concurrency limits (queueing or
 * refusing), starts the program with its argv and clean environment, and hands the pending result
 * to the {@link ReplyPlanner}, which decides whether it is answered inline or later.
 */
public final class ProgramCommands {

  private static final Logger LOG = LoggerFactory.getLogger(ProgramCommands.class);

  private final ProcessRunner runner;
  private final RunLimiter limiter;
  private final ChildEnvironment environment;
  private final ReplyPlanner planner;
  private final RunMetrics metrics;
  private final RunIds ids;
  private final Map<String, RunningProcess> active = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private volatile boolean stopping;

  public ProgramCommands(
      Vertx vertx,
      ProcessRunner runner,
      RunLimiter limiter,
      ChildEnvironment environment,
      ReplyPlanner planner,
      RunMetrics metrics,
      RunIds ids) {
    this.vertx = vertx;
    this.runner = runner;
    this.limiter = limiter;
    this.environment = environment;
    this.planner = planner;
    this.metrics = metrics;
    this.ids = ids;
  }

  public Future<Reply> run(Resolution.Run run, Invocation invocation) {
    String runId = ids.next();
    String key = String.join(" ", run.path());
    Admission admission = limiter.admit(key, run.command().concurrency());
    if (admission instanceof Admission.Refused refused) {
      metrics.finished(key, "rejected", null);
      LOG.warn("run {}: {} refused, the queue is full ({})", runId, key, refused.queueLimit());
      return Future.succeededFuture(
          Reply.ephemeral(
              "🚦 Commandeer is busy: "
                  + refused.queueLimit()
                  + " commands are already waiting, so `"
                  + run.display()
                  + "` was not started. Please try again in a little while."));
    }
    int position = admission instanceof Admission.Queued queued ? queued.position() : 0;
    LOG.info(
        "run {}: {} by {} in {}{}",
        runId,
        key,
        invocation.userName(),
        invocation.channelName(),
        position > 0 ? ", queued at " + position : "");
    Promise<Void> started = Promise.promise();
    Future<String> message =
        admission
            .permit()
            .compose(permit -> execute(runId, key, run, invocation, permit, started))
            .map(result -> report(run, result))
            .otherwise(e -> "❌ `" + run.display() + "` could not run: " + e.getMessage());
    return planner.answer(
        invocation,
        run.command().reply(),
        new PendingRun(runId, run.display(), message, position, started.future()));
  }

  /** Cancels a running program; false when no such run is running in this process. */
  public boolean cancel(String runId) {
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
    List<Future<ProcessResult>> results =
        active.values().stream().map(RunningProcess::result).toList();
    if (results.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.info("waiting up to {} for {} running program(s)", grace, results.size());
    Promise<Void> done = Promise.promise();
    Future.join(results).onComplete(ar -> done.tryComplete());
    long timer =
        vertx.setTimer(
            Math.max(1, grace.toMillis()),
            t -> {
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
    started.tryComplete();
    CommandConfig command = run.command();
    ProcessSpec spec = spec(runId, run, invocation);
    // fork/exec takes milliseconds: never on an event loop.
    return vertx
        .executeBlocking(() -> runner.start(spec), false)
        .compose(
            process -> {
              active.put(runId, process);
              return process.result();
            })
        .onComplete(
            ar -> {
              active.remove(runId);
              permit.release();
            })
        .onSuccess(result -> finished(runId, key, command, result));
  }

  private String report(Resolution.Run run, ProcessResult result) {
    String text = RunReport.format(run.display(), result, run.command().timeout());
    if (stopping && result.outcome() == ProcessResult.Outcome.CANCELLED) {
      return "⚠️ `" + run.display() + "` was interrupted: Commandeer was shutting down.\n" + text;
    }
    return text;
  }

  private ProcessSpec spec(String runId, Resolution.Run run, Invocation invocation) {
    CommandConfig command = run.command();
    return new ProcessSpec(
        runId,
        ArgvTemplate.parse(command.run()).expand(run.args()),
        environment.forRun(runId, invocation, run.display(), command.env(), run.args()),
        command.cwd() == null ? null : Path.of(command.cwd()),
        command.timeout(),
        command.maxOutputBytes());
  }

  private void finished(String runId, String key, CommandConfig command, ProcessResult result) {
    String outcome =
        switch (result.outcome()) {
          case EXITED -> result.exitCode() == 0 ? "ok" : "failed";
          case TIMED_OUT -> "timeout";
          case CANCELLED -> "cancelled";
          case FAILED_TO_START -> "error";
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
  }
}
