package dev.commandeer.exec;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CancellationException;

/** The answer of {@link RunLimiter#admit}: run now, wait in the queue, or refused. */
public sealed interface Admission {

  /**
   * The permit: already there when admitted, later when queued, failed with {@link QueueFull} when
   * refused or with {@link CancellationException} when the caller left the queue.
   */
  Future<Permit> permit();

  /** Run now. */
  record Admitted(Permit granted) implements Admission {
    @Override
    public Future<Permit> permit() {
      return Future.succeededFuture(granted);
    }
  }

  /** No room: the queue already holds {@code queueLimit} waiting runs. */
  record Refused(int queueLimit) implements Admission {
    @Override
    public Future<Permit> permit() {
      return Future.failedFuture(new QueueFull(queueLimit));
    }
  }

  /** Waiting for a slot. Costs this object and nothing else (no thread, no timer). */
  final class Queued implements Admission {
    private final RunLimiter limiter;
    final String command;
    final int concurrency;
    private final Context context;
    private final Promise<Permit> promise = Promise.promise();

    Queued(RunLimiter limiter, String command, int concurrency, Context context) {
      this.limiter = limiter;
      this.command = command;
      this.concurrency = concurrency;
      this.context = context;
    }

    @Override
    public Future<Permit> permit() {
      return promise.future();
    }

    /** The current place in the queue, 1 for the next in line; 0 once no longer waiting. */
    public int position() {
      return limiter.positionOf(this);
    }

    /**
     * Leaves the queue; the permit future then fails with {@link CancellationException}.
     *
     * @return false when a slot was already granted: the caller owns that permit and must release
     *     it (or run and then release it)
     */
    public boolean cancel() {
      if (!limiter.leave(this)) {
        return false;
      }
      deliver(() -> promise.fail(new CancellationException("left the queue")));
      return true;
    }

    void grant(Permit permit) {
      deliver(() -> promise.complete(permit));
    }

    /** Completes on the context that asked to be admitted, so its continuation stays there. */
    private void deliver(Runnable completion) {
      if (context == null) {
        completion.run();
      } else {
        context.runOnContext(v -> completion.run());
      }
    }
  }

  /** The queue was full. */
  final class QueueFull extends RuntimeException {
    QueueFull(int queueLimit) {
      super("too many runs waiting (" + queueLimit + ")", null, false, false);
    }
  }
}
