package dev.commandeer.exec;

import io.vertx.core.Future;

/** A program started by {@link ProcessRunner}: its pid, its coming result, and a way to stop it. */
public final class RunningProcess {

  private final String runId;
  private final long pid;
  private final Future<ProcessResult> result;
  private final Runnable cancel;

  RunningProcess(String runId, long pid, Future<ProcessResult> result, Runnable cancel) {
    this.runId = runId;
    this.pid = pid;
    this.result = result;
    this.cancel = cancel;
  }

  static RunningProcess notStarted(String runId, ProcessResult failure) {
    return new RunningProcess(runId, -1, Future.succeededFuture(failure), () -> {});
  }

  public String runId() {
    return runId;
  }

  /** The program's pid (also its process group id when groups are used); -1 if it never started. */
  public long pid() {
    return pid;
  }

  /**
   * Completes, never fails, once the program ended and its output was collected: on the Vert.x
   * context that started it, or on an event-loop context when it was started outside Vert.x.
   */
  public Future<ProcessResult> result() {
    return result;
  }

  /**
   * Kills the program's whole tree (TERM, then KILL after the grace period); the result says {@code
   * CANCELLED} unless the program had already exited. Safe from any thread, any number of times.
   */
  public void cancel() {
    cancel.run();
  }
}
