package dev.commandeer.exec;

import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the programs running at once in this replica, globally and per command, with a bounded
 * FIFO queue for the rest.
 *
 * <p>Waiters are admitted in arrival order, except that a waiter held back only by its own
 * command's {@code concurrency} does not hold back waiters of other commands. Non-blocking and
 * thread-safe: state changes under one lock, futures are completed after it is released, on the
 * Vert.x context of the caller that queued.
 */
public final class RunLimiter {

  private static final Logger log = LoggerFactory.getLogger(RunLimiter.class);

  private final int maxRunning;
  private final int maxQueued;
  private final Object lock = new Object();
  private final Map<String, Integer> runningByCommand = new HashMap<>();
  private final List<Admission.Queued> queue = new ArrayList<>();
  private final ThreadLocal<ArrayDeque<Runnable>> delivering = new ThreadLocal<>();
  private int running;

  /**
   * @param maxRunning programs that may run at once (at least 1)
   * @param maxQueued runs that may wait beyond that (0 refuses whatever cannot run at once)
   */
  public RunLimiter(int maxRunning, int maxQueued) {
    if (maxRunning < 1 || maxQueued < 0) {
      throw new IllegalArgumentException(
          "running must be at least 1 and queue not negative: " + maxRunning + ", " + maxQueued);
    }
    this.maxRunning = maxRunning;
    this.maxQueued = maxQueued;
  }

  /**
   * Asks to run {@code command}.
   *
   * @param commandConcurrency how many runs of this command may run at once; 0 for no own limit
   */
  public Admission admit(String command, int commandConcurrency) {
    synchronized (lock) {
      if (hasRoom(command, commandConcurrency)) {
        take(command);
        return new Admission.Admitted(new Permit(this, command));
      }
      if (queue.size() >= maxQueued) {
        return new Admission.Refused(maxQueued);
      }
      Admission.Queued waiter =
          new Admission.Queued(this, command, commandConcurrency, Vertx.currentContext());
      queue.add(waiter);
      return waiter;
    }
  }

  /** Programs running now (holding a permit). */
  public int running() {
    synchronized (lock) {
      return running;
    }
  }

  /** Runs waiting for a slot. */
  public int queued() {
    synchronized (lock) {
      return queue.size();
    }
  }

  int positionOf(Admission.Queued waiter) {
    synchronized (lock) {
      return queue.indexOf(waiter) + 1;
    }
  }

  boolean leave(Admission.Queued waiter) {
    synchronized (lock) {
      return queue.remove(waiter);
    }
  }

  void release(String command) {
    List<Runnable> grants = new ArrayList<>();
    synchronized (lock) {
      running--;
      runningByCommand.computeIfPresent(command, (c, n) -> n == 1 ? null : n - 1);
      Iterator<Admission.Queued> waiting = queue.iterator();
      while (running < maxRunning && waiting.hasNext()) {
        Admission.Queued waiter = waiting.next();
        if (hasRoom(waiter.command, waiter.concurrency)) {
          waiting.remove();
          take(waiter.command);
          Permit permit = new Permit(this, waiter.command);
          grants.add(() -> waiter.grant(permit));
        }
      }
    }
    deliver(grants);
  }

  /**
   * Completes the granted futures outside the lock. A continuation that runs synchronously and
   * releases its permit at once would grant the next waiter from inside this loop; such grants are
   * handed to the outermost loop on the thread instead, so a long queue cannot overflow the stack.
   */
  private void deliver(List<Runnable> grants) {
    ArrayDeque<Runnable> pending = delivering.get();
    if (pending != null) {
      pending.addAll(grants);
      return;
    }
    pending = new ArrayDeque<>(grants);
    delivering.set(pending);
    try {
      for (Runnable grant = pending.poll(); grant != null; grant = pending.poll()) {
        try {
          grant.run();
        } catch (RuntimeException e) {
          log.error("A continuation of a granted run permit failed", e);
        }
      }
    } finally {
      delivering.remove();
    }
  }

  private boolean hasRoom(String command, int concurrency) {
    return running < maxRunning
        && (concurrency <= 0 || runningByCommand.getOrDefault(command, 0) < concurrency);
  }

  private void take(String command) {
    running++;
    runningByCommand.merge(command, 1, Integer::sum);
  }
}
