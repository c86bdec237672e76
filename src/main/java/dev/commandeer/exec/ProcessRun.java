package dev.commandeer.exec;

import dev.commandeer.exec.ProcessResult.Outcome;
import dev.commandeer.exec.ProcessTreeKiller.Signal;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one started program, as a small state machine confined to one Vert.x context.
 *
 * <p>Events (exit, end of output, timeout, cancel, signals delivered) arrive from the launcher's
 * threads and are handed to the context, so the fields below need no locks. A run ends with one
 * sweep of its tree: on timeout or cancel, when its output does not end within the linger after the
 * program exited (a background child still holds the pipe), or right after a clean end, to remove
 * anything the program left running in its group. A sweep sends TERM, then KILL after the grace
 * period; if the output still does not end one more grace period later (a process escaped the group
 * with the pipe), the result is given with the output read so far. Should the launcher lose the
 * program, the run ends at once as {@link Outcome#ABORTED}.
 */
final class ProcessRun {

  private static final Logger log = LoggerFactory.getLogger(ProcessRun.class);

  private final ProcessSpec spec;
  private final Launcher.Child child;
  private final Vertx vertx;
  private final Context context;
  private final ProcessRunner.Options options;
  private final Consumer<ProcessRun> onFinish;
  private final long startNanos;
  private final Promise<ProcessResult> result = Promise.promise();

  private Outcome stopReason;
  private String lostReason;
  private boolean exited;
  private int exitValue;
  private long endNanos;
  private Launcher.Outputs output;
  private boolean gaveUpOnOutput;
  private boolean sweeping;
  private boolean killSent;
  private boolean finished;
  private long timeoutTimer = -1;
  private long lingerTimer = -1;

  ProcessRun(
      ProcessSpec spec,
      Launcher.Child child,
      long startNanos,
      Vertx vertx,
      Context context,
      ProcessRunner.Options options,
      Consumer<ProcessRun> onFinish) {
    this.spec = spec;
    this.child = child;
    this.startNanos = startNanos;
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.onFinish = onFinish;
  }

  /** Starts watching the exit, the output and the deadline. */
  RunningProcess begin() {
    onContext(this::armTimeout);
    child.output().whenComplete((outputs, e) -> onContext(() -> outputEnded(outputs, e)));
    child.exit().whenComplete((code, e) -> onContext(() -> exited(code, e)));
    return new RunningProcess(spec.runId(), child.pid(), result.future(), this::cancel);
  }

  void cancel() {
    onContext(() -> stop(Outcome.CANCELLED));
  }

  /** Kills the whole tree at once, on the calling thread: for shutdown. */
  void killNow() {
    cancel();
    child.killNow();
  }

  private void armTimeout() {
    if (!finished) {
      Duration left = spec.timeout().minusNanos(System.nanoTime() - startNanos);
      timeoutTimer = after(left, () -> stop(Outcome.TIMED_OUT));
    }
  }

  private void stop(Outcome reason) {
    if (finished) {
      return;
    }
    if (!exited && stopReason == null) {
      stopReason = reason;
      log.debug("Run {} {}, killing pid {} and its tree", spec.runId(), reason, child.pid());
    }
    sweep();
  }

  private void exited(Integer code, Throwable lost) {
    if (lost != null) {
      lost(lost);
      return;
    }
    exited = true;
    exitValue = code;
    endNanos = System.nanoTime();
    if (output != null) {
      finish();
    } else if (!sweeping) {
      lingerTimer = after(options.outputLinger(), this::sweep);
    }
  }

  private void outputEnded(Launcher.Outputs outputs, Throwable lost) {
    if (lost != null) {
      lost(lost);
      return;
    }
    output = outputs;
    if (exited || gaveUpOnOutput) {
      finish();
    }
  }

  /** The launcher lost the program (and killed it): the run ends now with what is known. */
  private void lost(Throwable why) {
    if (finished) {
      return;
    }
    lostReason = why.getMessage();
    log.warn("Run {}: {}", spec.runId(), lostReason);
    if (output == null) {
      output = Launcher.Outputs.EMPTY;
    }
    finish();
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    vertx.cancelTimer(lingerTimer);
    child.signal(Signal.TERM).thenAccept(found -> onContext(() -> afterTerm(found)));
  }

  private void afterTerm(boolean found) {
    if (!found && finished) {
      child.release();
      return;
    }
    after(options.killGrace(), this::kill);
  }

  private void kill() {
    child.signal(Signal.KILL).thenAccept(found -> onContext(this::afterKill));
  }

  private void afterKill() {
    killSent = true;
    if (finished) {
      child.release();
    } else {
      after(options.killGrace(), this::giveUpOnOutput);
    }
  }

  /** Asks the launcher for the output read so far; the run finishes when it arrives. */
  private void giveUpOnOutput() {
    if (!finished) {
      log.warn(
          "Run {}: output still open after killing the tree of pid {}; a process that left the"
              + " tree holds the pipe, answering with the output so far",
          spec.runId(),
          child.pid());
      gaveUpOnOutput = true;
      child.release();
    }
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    vertx.cancelTimer(timeoutTimer);
    long end = exited ? endNanos : System.nanoTime();
    Outcome outcome =
        stopReason != null ? stopReason : lostReason != null ? Outcome.ABORTED : Outcome.EXITED;
    ProcessResult ended =
        new ProcessResult(
            outcome == Outcome.EXITED ? exitValue : -1,
            outcome,
            Duration.ofNanos(end - startNanos),
            output.stdout(),
            output.stderr(),
            outcome == Outcome.ABORTED ? lostReason : null);
    if (log.isDebugEnabled()) { // four arguments: an array and a boxed int per run otherwise
      log.debug(
          "Run {} ended: {} exit {} after {}",
          spec.runId(),
          ended.outcome(),
          ended.exitCode(),
          ended.elapsed());
    }
    onFinish.accept(this);
    result.complete(ended);
    if (killSent) {
      child.release();
    } else {
      sweep();
    }
  }

  /** A timer on this run's context; called on the context, so it cannot fire before it is set. */
  private long after(Duration delay, Runnable action) {
    return vertx.setTimer(Math.max(1, delay.toMillis()), id -> action.run());
  }

  private void onContext(Runnable action) {
    context.runOnContext(v -> action.run());
  }
}
