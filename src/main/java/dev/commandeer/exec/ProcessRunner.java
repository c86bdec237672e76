package dev.commandeer.exec;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs external programs: directly from an argv (never through a shell), with a clean environment,
 * stdin from {@code /dev/null}, a deadline, capped output, and whole-tree kill on timeout and
 * cancel.
 *
 * <p>A run owns its process group: on timeout or cancel the group gets TERM, then KILL after the
 * grace period, and when the program exits, whatever it left running in its group is ended the same
 * way. Processes orphaned by a kill are reaped by PID 1, so in a container PID 1 must be an init
 * that reaps (tini, {@code docker run --init}), not the JVM.
 *
 * <p>Starting a program forks and execs on the calling thread (one to a few milliseconds);
 * everything after that is asynchronous. Each running program has two threads draining its stdout
 * and stderr (blocking reads, so they cannot share a fixed pool without starving each other); their
 * number is therefore bounded by the number of running programs, which {@link RunLimiter} bounds.
 * Deadlines are Vert.x timers, exits are observed through {@link Process#onExit()}.
 */
public final class ProcessRunner {

  /**
   * @param killGrace time between TERM and KILL
   * @param outputLinger how long, after the program exited, its output may stay open (held by a
   *     background child) before what is left of its tree is killed
   * @param setsid the {@code setsid} binary that makes each program lead its own process group
   * @param kill the {@code kill} binary that signals a process group
   */
  public record Options(Duration killGrace, Duration outputLinger, Path setsid, Path kill) {

    public Options {
      Objects.requireNonNull(killGrace, "killGrace");
      Objects.requireNonNull(outputLinger, "outputLinger");
      Objects.requireNonNull(setsid, "setsid");
      Objects.requireNonNull(kill, "kill");
      if (killGrace.isNegative() || outputLinger.isNegative()) {
        throw new IllegalArgumentException("killGrace and outputLinger must not be negative");
      }
    }

    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(3),
          Duration.ofSeconds(1),
          Path.of("/usr/bin/setsid"),
          Path.of("/bin/kill"));
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
  private static final File DEV_NULL = new File("/dev/null");

  private final Vertx vertx;
  private final Options options;
  private final ProcessTreeKiller killer;
  private final ExecutorService io;
  private final Set<ProcessRun> running = ConcurrentHashMap.newKeySet();

  public ProcessRunner(Vertx vertx) {
    this(vertx, Options.defaults());
  }

  public ProcessRunner(Vertx vertx, Options options) {
    this.vertx = vertx;
    this.options = options;
    this.killer = new ProcessTreeKiller(options.setsid(), options.kill());
    this.io =
        new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), ioThreads());
    if (!killer.killsGroups()) {
      log.warn(
          "{} or {} not found: programs do not get their own process group, and children they"
              + " detach may outlive a timeout",
          options.setsid(),
          options.kill());
    }
  }

  /** Whether programs lead their own process group (setsid available) so a kill reaches all. */
  public boolean killsProcessGroups() {
    return killer.killsGroups();
  }

  /** Programs started and not yet ended. */
  public int running() {
    return running.size();
  }

  /**
   * Starts a program. Never throws for a program that cannot be started: the result then says
   * {@code FAILED_TO_START} with the reason.
   */
  public RunningProcess start(ProcessSpec spec) {
    Context context = vertx.getOrCreateContext();
    long startNanos = System.nanoTime();
    String problem = problemWith(spec);
    if (problem != null) {
      return notStarted(spec, problem, startNanos);
    }
    ProgramLocator.Located program =
        ProgramLocator.locate(spec.argv().get(0), spec.env().get("PATH"), spec.cwd());
    if (program.problem() != null) {
      return notStarted(spec, program.problem(), startNanos);
    }
    Process process;
    try {
      process = builderFor(spec, program.path()).start();
    } catch (IOException | RuntimeException e) {
      return notStarted(spec, "cannot start " + program.path() + ": " + e.getMessage(), startNanos);
    }
    log.debug("Run {} started {} as pid {}", spec.runId(), program.path(), process.pid());
    ProcessRun run =
        new ProcessRun(
            spec, process, startNanos, vertx, context, io, killer, options, running::remove);
    running.add(run);
    return run.begin();
  }

  /**
   * Kills every running program's tree at once (KILL) and lets the output threads end. For
   * shutdown; blocks for a few milliseconds per running program.
   */
  public void close() {
    running.forEach(ProcessRun::killNow);
    io.shutdown();
  }

  private static RunningProcess notStarted(ProcessSpec spec, String why, long startNanos) {
    log.debug("Run {} not started: {}", spec.runId(), why);
    return RunningProcess.notStarted(
        spec.runId(),
        ProcessResult.failedToStart(why, Duration.ofNanos(System.nanoTime() - startNanos)));
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

  private static String problemWith(ProcessSpec spec) {
    List<String> argv = spec.argv();
    for (int i = 0; i < argv.size(); i++) {
      if (argv.get(i).indexOf('\0') >= 0) {
        return "argument " + i + " contains a NUL character";
      }
    }
    for (Map.Entry<String, String> e : spec.env().entrySet()) {
      String name = e.getKey();
      if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
        return "invalid environment variable name '" + name.replace('\0', ' ') + "'";
      }
      if (e.getValue().indexOf('\0') >= 0) {
        return "environment variable " + name + " contains a NUL character";
      }
    }
    if (spec.cwd() != null && !Files.isDirectory(spec.cwd())) {
      return "working directory " + spec.cwd() + " does not exist";
    }
    return null;
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
