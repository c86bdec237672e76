package dev.commandeer.exec;

import dev.commandeer.exec.Launcher.LaunchException;
import dev.commandeer.exec.ProcessTreeKiller.Signal;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A program started by {@code commandeer-spawn}: futures completed by the {@link Spawner}'s reader
 * thread as replies arrive, and requests sent through the spawner.
 */
final class NativeChild implements Launcher.Child {

  private final Spawner spawner;
  private final long id;
  private final int cap;
  private final CompletableFuture<Long> started = new CompletableFuture<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final CompletableFuture<Launcher.Outputs> output = new CompletableFuture<>();

  /** Replies to SIGNAL come in the order the requests were sent. */
  private final Queue<CompletableFuture<Boolean>> signals = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean released = new AtomicBoolean();
  private volatile long pid = -1;

  NativeChild(Spawner spawner, long id, int cap) {
    this.spawner = spawner;
    this.id = id;
    this.cap = cap;
  }

  long id() {
    return id;
  }

  int cap() {
    return cap;
  }

  boolean released() {
    return released.get();
  }

  /** Waits for STARTED or FAILED. */
  void awaitStart(Duration timeout) throws LaunchException, TimeoutException {
    try {
      started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LaunchException cause
          ? cause
          : new LaunchException(e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while starting");
    }
  }

  void started(long pid) {
    this.pid = pid;
    started.complete(pid);
  }

  void failed(String message) {
    started.completeExceptionally(new LaunchException(message));
  }

  void exited(int status) {
    exit.complete(status);
  }

  void ended(Launcher.Outputs outputs) {
    output.complete(outputs);
  }

  void signaled(boolean found) {
    CompletableFuture<Boolean> oldest = signals.poll();
    if (oldest != null) {
      oldest.complete(found);
    }
  }

  /**
   * The spawner is gone: the program, if it still ran, is no longer anyone's child, so it is killed
   * here (when {@code killOrphan}), and everything still awaited fails with {@code why}.
   */
  void lost(String why, boolean killOrphan, ProcessTreeKiller killer) {
    boolean running = pid > 0 && !exit.isDone();
    if (running && killOrphan) {
      killer.signalGroupLeader(pid, Signal.KILL);
    }
    String message = running ? why + "; the program was killed" : why;
    started.completeExceptionally(new LaunchException(why));
    exit.completeExceptionally(new LaunchException(message));
    output.completeExceptionally(new LaunchException(message));
    CompletableFuture<Boolean> pending;
    while ((pending = signals.poll()) != null) {
      pending.complete(false);
    }
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public CompletableFuture<Integer> exit() {
    return exit;
  }

  @Override
  public CompletableFuture<Launcher.Outputs> output() {
    return output;
  }

  @Override
  public synchronized CompletableFuture<Boolean> signal(Signal signal) {
    CompletableFuture<Boolean> found = new CompletableFuture<>();
    if (released.get() || !spawner.works()) {
      found.complete(false);
      return found;
    }
    signals.add(found);
    spawner.send(SpawnProtocol.signal(id, signal));
    if (!spawner.works()) {
      found.complete(false);
    }
    return found;
  }

  @Override
  public void killNow() {
    signal(Signal.KILL);
  }

  @Override
  public void release() {
    if (released.compareAndSet(false, true)) {
      spawner.release(this);
    }
  }
}
