package dev.commandeer.exec;

import dev.commandeer.exec.Launcher.LaunchException;
import dev.commandeer.exec.ProcessTreeKiller.Signal;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A program started by {@code commandeer-spawn}: futures completed by the {@link Spawner}'s reader
 * thread as replies arrive, and requests sent through the spawner.
 *
 * <p>The spawner signals the program's process group; a descendant that left the group (it called
 * setsid itself) is reached as the JDK launcher reaches it: while the program lives, its
 * descendants are collected (on the writer thread, before the request goes out) and each one is
 * signalled once the spawner answered, those collected earlier too.
 */
final class NativeChild implements Launcher.Child {

  private final Spawner spawner;
  private final long id;
  private final int cap;
  private final CompletableFuture<Long> started = new CompletableFuture<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final CompletableFuture<Launcher.Outputs> output = new CompletableFuture<>();

  /** Replies to SIGNAL come in the order the requests were sent. */
  private final Queue<PendingSignal> signals = new ConcurrentLinkedQueue<>();

  /** The program's descendants found so far. */
  private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();

  private final AtomicBoolean released = new AtomicBoolean();
  private volatile long pid = -1;

  /**
   * The spawner reported the run over (reaped, output ended, its group empty) and forgot it:
   * signals reach only descendants collected earlier, and a release asks nothing of the spawner.
   */
  private volatile boolean over;

  /**
   * The program, looked up the first time its descendants are needed (reading {@code /proc} costs
   * more than a start); null before that, or when it had already ended.
   */
  private volatile ProcessHandle handle;

  private record PendingSignal(Signal signal, CompletableFuture<Boolean> found) {}

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
  void awaitStart(Duration timeout) throws LaunchException, TimeoutException, InterruptedException {
    try {
      started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LaunchException cause
          ? cause
          : new LaunchException(e.getCause().toString());
    }
  }

  /** Completes with the pid on STARTED, fails with a {@link LaunchException} on FAILED. */
  CompletableFuture<Long> whenStarted() {
    return started;
  }

  void started(long pid) {
    this.pid = pid;
    started.complete(pid);
  }

  void failed(String message) {
    started.completeExceptionally(new LaunchException(message));
  }

  void over() {
    over = true;
  }

  void exited(int status) {
    exit.complete(status);
  }

  void ended(Launcher.Outputs outputs) {
    output.complete(outputs);
  }

  /** The spawner signalled the group; now the descendants, after the program as with the JDK. */
  void signaled(boolean found) {
    PendingSignal oldest = signals.poll();
    if (oldest != null) {
      oldest.found().complete(signalTree(oldest.signal()) | found);
    }
  }

  /**
   * The spawner is gone: the program, if it still ran, is no longer anyone's child, so it is killed
   * here (when {@code killOrphan}), and everything still awaited fails with {@code why}.
   */
  void lost(String why, boolean killOrphan, ProcessTreeKiller killer) {
    boolean running = pid > 0 && !exit.isDone();
    if (running && killOrphan) {
      collectTree();
      killer.signalGroupLeader(pid, Signal.KILL);
      signalTree(Signal.KILL);
    }
    String message = running ? why + "; the program was killed" : why;
    started.completeExceptionally(new LaunchException(why));
    exit.completeExceptionally(new LaunchException(message));
    output.completeExceptionally(new LaunchException(message));
    PendingSignal pending;
    while ((pending = signals.poll()) != null) {
      pending.found().complete(false);
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
    if (over) {
      found.complete(signalTree(signal));
      return found;
    }
    signals.add(new PendingSignal(signal, found));
    spawner.send(SpawnProtocol.signal(id, signal), this::collectTree);
    if (!spawner.works()) {
      found.complete(false);
    }
    return found;
  }

  /**
   * Adds the program's descendants to the tree, while it runs (after, its pid may be reused). Its
   * pid stays its own until the spawner reaps it and reports the exit, so a handle taken while the
   * exit is not known is the program's.
   */
  private void collectTree() {
    if (pid <= 0 || exit.isDone()) {
      return;
    }
    ProcessHandle program = handle;
    if (program == null) {
      program = ProcessHandle.of(pid).orElse(null);
      handle = program;
    }
    if (program != null && !exit.isDone() && program.isAlive()) {
      program.descendants().forEach(tree::add);
    }
  }

  private boolean signalTree(Signal signal) {
    boolean found = false;
    for (ProcessHandle process : tree) {
      found |= ProcessTreeKiller.send(process, signal);
    }
    return found;
  }

  @Override
  public void killNow() {
    signal(Signal.KILL);
  }

  @Override
  public void release() {
    if (released.compareAndSet(false, true) && !over) {
      spawner.release(this);
    }
  }
}
