package dev.commandeer.exec;

import dev.commandeer.exec.ProcessResult.Outcome;
import dev.commandeer.exec.ProcessTreeKiller.Signal;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one started program, as a small state machine confined to one Vert.x context.
 *
 * <p>Events (exit, end of output, timeout, cancel, signals delivered) arrive from JDK and worker
 * threads and are handed to the context, so the fields below need no locks. A run ends with one
 * sweep of its tree: on timeout or cancel, when its output does not end within the linger after the
 * program exited (a background child still holds the pipe), or right after a clean end, to remove
 * anything the program left running in its group. A sweep sends TERM, then KILL after the grace
 * period; if the output still does not end one more grace period later (a process escaped the group
 * with the pipe), the result is given with the output read so far.
 */
final class ProcessRun {

  private static final Logger log = LoggerFactory.getLogger(ProcessRun.class);

  private final ProcessSpec spec;
  private final Process process;
  private final Vertx vertx;
  private final Context context;
  private final Executor io;
  private final ProcessTreeKiller killer;
  private final ProcessRunner.Options options;
  private final Consumer<ProcessRun> onFinish;
  private final long startNanos;
  private final OutputCapture stdout;
  private final OutputCapture stderr;
  private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
  private final Promise<ProcessResult> result = Promise.promise();

  private Outcome stopReason;
  private boolean exited;
  private int exitValue;
  private long endNanos;
  private boolean outputEnded;
  private boolean sweeping;
  private boolean finished;
  private long timeoutTimer = -1;
  private long lingerTimer = -1;

  ProcessRun(
      ProcessSpec spec,
      Process process,
      long startNanos,
      Vertx vertx,
      Context context,
      Executor io,
      ProcessTreeKiller killer,
      ProcessRunner.Options options,
      Consumer<ProcessRun> onFinish) {
    this.spec = spec;
    this.process = process;
    this.startNanos = startNanos;
    this.vertx = vertx;
    this.context = context;
    this.io = io;
    this.killer = killer;
    this.options = options;
    this.onFinish = onFinish;
    this.stdout = new OutputCapture(process.getInputStream(), spec.maxOutputBytes());
    this.stderr = new OutputCapture(process.getErrorStream(), spec.maxOutputBytes());
  }

  /** Starts reading output and watching the exit and the deadline. */
  RunningProcess begin() {
    onContext(this::armTimeout);
    io.execute(stdout);
    io.execute(stderr);
    CompletableFuture.allOf(stdout.done(), stderr.done())
        .thenRun(() -> onContext(this::outputEnded));
    process.onExit().thenAccept(p -> onContext(() -> exited(p.exitValue())));
    return new RunningProcess(spec.runId(), process.pid(), result.future(), this::cancel);
  }

  void cancel() {
    onContext(() -> stop(Outcome.CANCELLED));
  }

  /** Kills the whole tree at once, on the calling thread: for shutdown. */
  void killNow() {
    cancel();
    killer.signal(process.toHandle(), Signal.KILL, tree);
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
      log.debug("Run {} {}, killing pid {} and its tree", spec.runId(), reason, process.pid());
    }
    sweep();
  }

  private void exited(int code) {
    exited = true;
    exitValue = code;
    endNanos = System.nanoTime();
    if (outputEnded) {
      finish();
    } else if (!sweeping) {
      lingerTimer = after(options.outputLinger(), this::sweep);
    }
  }

  private void outputEnded() {
    outputEnded = true;
    if (exited) {
      finish();
    }
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    vertx.cancelTimer(lingerTimer);
    ProcessHandle program = process.toHandle();
    io.execute(
        () -> {
          boolean found = killer.signal(program, Signal.TERM, tree);
          onContext(() -> afterTerm(program, found));
        });
  }

  private void afterTerm(ProcessHandle program, boolean found) {
    if (!found && finished) {
      return;
    }
    after(
        options.killGrace(),
        () ->
            io.execute(
                () -> {
                  killer.signal(program, Signal.KILL, tree);
                  onContext(this::afterKill);
                }));
  }

  private void afterKill() {
    if (!finished) {
      after(options.killGrace(), this::giveUpOnOutput);
    }
  }

  private void giveUpOnOutput() {
    if (!finished) {
      log.warn(
          "Run {}: output still open after killing the tree of pid {}; a process that left the"
              + " tree holds the pipe, answering with the output so far",
          spec.runId(),
          process.pid());
      finish();
    }
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    vertx.cancelTimer(timeoutTimer);
    long end = exited ? endNanos : System.nanoTime();
    boolean stopped = stopReason != null;
    ProcessResult outcome =
        new ProcessResult(
            stopped ? -1 : exitValue,
            stopped ? stopReason : Outcome.EXITED,
            Duration.ofNanos(end - startNanos),
            stdout.snapshot(),
            stderr.snapshot(),
            null);
    log.debug(
        "Run {} ended: {} exit {} after {}",
        spec.runId(),
        outcome.outcome(),
        outcome.exitCode(),
        outcome.elapsed());
    onFinish.accept(this);
    result.complete(outcome);
    sweep();
  }

  /** A timer on this run's context; called on the context, so it cannot fire before it is set. */
  private long after(Duration delay, Runnable action) {
    return vertx.setTimer(Math.max(1, delay.toMillis()), id -> action.run());
  }

  private void onContext(Runnable action) {
    context.runOnContext(v -> action.run());
  }
}
