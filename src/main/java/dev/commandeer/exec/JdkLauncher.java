package dev.commandeer.exec;

import dev.commandeer.exec.ProcessTreeKiller.Signal;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts programs with {@link ProcessBuilder}, through {@code setsid} when it is installed (see
 * {@link ProcessTreeKiller}). Each running program has two threads draining its stdout and stderr
 * (blocking reads, so they cannot share a fixed pool without starving each other); their number is
 * bounded by the number of running programs, which {@link RunLimiter} bounds. Exits are observed
 * through {@link Process#onExit()}; signals run on the same pool, as {@code kill} is a program.
 */
final class JdkLauncher implements Launcher {

  private static final File DEV_NULL = new File("/dev/null");

  private final ProcessTreeKiller killer;
  private final ExecutorService io;

  JdkLauncher(Path setsid, Path kill) {
    this.killer = new ProcessTreeKiller(setsid, kill);
    this.io =
        new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), ioThreads());
  }

  @Override
  public Child start(ProcessSpec spec, Path program) throws LaunchException {
    if (io.isShutdown()) {
      throw LaunchException.closed();
    }
    Process process;
    try {
      process = builderFor(spec, program).start();
    } catch (IOException | RuntimeException e) {
      throw new LaunchException(e.getMessage());
    }
    try {
      return new JdkChild(process, spec.maxOutputBytes());
    } catch (RejectedExecutionException e) {
      // Closed while the program was starting: nothing would read its output or end it.
      killer.signal(process.toHandle(), Signal.KILL, ConcurrentHashMap.newKeySet());
      throw LaunchException.closed();
    }
  }

  @Override
  public boolean killsGroups() {
    return killer.killsGroups();
  }

  @Override
  public void close() {
    io.shutdown();
  }

  private ProcessBuilder builderFor(ProcessSpec spec, Path program) {
    List<String> args = spec.argv().subList(1, spec.argv().size());
    ProcessBuilder builder =
        new ProcessBuilder(killer.launchCommand(program, args))
            .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
    if (spec.cwd() != null) {
      builder.directory(spec.cwd().toFile());
    }
    builder.environment().clear();
    builder.environment().putAll(spec.env());
    return builder;
  }

  private final class JdkChild implements Child {

    private final Process process;
    private final OutputCapture stdout;
    private final OutputCapture stderr;
    private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Outputs> output = new CompletableFuture<>();

    JdkChild(Process process, int cap) {
      this.process = process;
      this.stdout = new OutputCapture(process.getInputStream(), cap);
      this.stderr = new OutputCapture(process.getErrorStream(), cap);
      io.execute(stdout);
      io.execute(stderr);
      CompletableFuture.allOf(stdout.done(), stderr.done()).thenRun(this::release);
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public CompletableFuture<Integer> exit() {
      return process.onExit().thenApply(Process::exitValue);
    }

    @Override
    public CompletableFuture<Outputs> output() {
      return output;
    }

    @Override
    public CompletableFuture<Boolean> signal(Signal signal) {
      ProcessHandle program = process.toHandle();
      try {
        return CompletableFuture.supplyAsync(() -> killer.signal(program, signal, tree), io);
      } catch (RejectedExecutionException e) {
        return CompletableFuture.completedFuture(false); // closed: killNow() already ran
      }
    }

    @Override
    public void killNow() {
      killer.signal(process.toHandle(), Signal.KILL, tree);
    }

    @Override
    public void release() {
      output.complete(new Outputs(stdout.snapshot(), stderr.snapshot()));
    }
  }

  private static ThreadFactory ioThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "commandeer-process-io-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
