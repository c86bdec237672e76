package dev.commandeer.exec;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs external programs: directly from an argv (never through a shell), with a clean environment,
 * stdin from {@code /dev/null}, a deadline, capped output, and whole-tree kill on timeout and
 * cancel.
 *
 * <p>A run owns its process group: on timeout or cancel the group gets TERM, then KILL after the
 * grace period, and so do the descendants the program has while it runs (one that left the group
 * with setsid included); when the program exits, whatever it left running in its group is ended the
 * same way. Processes orphaned by a kill are reaped by PID 1, so in a container PID 1 must be an
 * init that reaps (tini, {@code docker run --init}), not the JVM.
 *
 * <p>Programs are started by one of two launchers, chosen once by the system property {@code
 * commandeer.launcher}:
 *
 * <ul>
 *   <li>{@code native}: {@code commandeer-spawn}, a small C process started once, which
 *       posix_spawns each program as the leader of a new session, collects its output, reaps it and
 *       signals its group. No exec besides the program's own and no thread per program: one reader
 *       and one writer thread serve all runs. Start-up fails when it is not available.
 *   <li>{@code jdk}: {@link ProcessBuilder} through {@code setsid}, two threads per running program
 *       draining its output (bounded by {@link RunLimiter}), and {@code kill} to signal groups.
 *   <li>{@code auto} (the default): native when this build carries it for the platform, else jdk.
 * </ul>
 *
 * <p>{@link #start} blocks the calling thread for a fork and exec (or a round trip to {@code
 * commandeer-spawn}); {@link #launch} does not, where the launcher allows. Everything after the
 * start is asynchronous and deadlines are Vert.x timers.
 */
public final class ProcessRunner {

  /** Which launcher starts programs; see the class description. */
  public enum LaunchMode {
    AUTO,
    NATIVE,
    JDK;

    static final String PROPERTY = "commandeer.launcher";

    /** The mode named by the system property {@code commandeer.launcher}; auto when unset. */
    public static LaunchMode configured() {
      String value = System.getProperty(PROPERTY, "auto");
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            PROPERTY + " must be auto, native or jdk, not '" + value + "'", e);
      }
    }
  }

  /**
   * @param killGrace time between TERM and KILL
   * @param outputLinger how long, after the program exited, its output may stay open (held by a
   *     background child) before what is left of its tree is killed
   * @param setsid the {@code setsid} binary that makes each program lead its own process group (jdk
   *     launcher)
   * @param kill the {@code kill} binary that signals a process group (jdk launcher)
   * @param launcher which launcher starts programs
   */
  public record Options(
      Duration killGrace, Duration outputLinger, Path setsid, Path kill, LaunchMode launcher) {

    public Options {
      Objects.requireNonNull(killGrace, "killGrace");
      Objects.requireNonNull(outputLinger, "outputLinger");
      Objects.requireNonNull(setsid, "setsid");
      Objects.requireNonNull(kill, "kill");
      Objects.requireNonNull(launcher, "launcher");
      if (killGrace.isNegative() || outputLinger.isNegative()) {
        throw new IllegalArgumentException("killGrace and outputLinger must not be negative");
      }
    }

    /** With the launcher named by {@code commandeer.launcher}. */
    public Options(Duration killGrace, Duration outputLinger, Path setsid, Path kill) {
      this(killGrace, outputLinger, setsid, kill, LaunchMode.configured());
    }

    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(3),
          Duration.ofSeconds(1),
          Path.of("/usr/bin/setsid"),
          Path.of("/bin/kill"));
    }

    public Options withLauncher(LaunchMode mode) {
      return new Options(killGrace, outputLinger, setsid, kill, mode);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

  private final Vertx vertx;
  private final Options options;
  private final Launcher launcher;
  private final Set<ProcessRun> running = ConcurrentHashMap.newKeySet();
  private final RecentPrograms recent = new RecentPrograms();

  public ProcessRunner(Vertx vertx) {
    this(vertx, Options.defaults());
  }

  /**
   * @throws IllegalStateException when {@code options} ask for the native launcher and it cannot be
   *     started
   */
  public ProcessRunner(Vertx vertx, Options options) {
    this(vertx, startNow(options));
  }

  /**
   * With a launcher started ahead, with the default options; waits until it is up.
   *
   * @throws IllegalStateException when the native launcher is asked for and could not be started
   */
  public ProcessRunner(Vertx vertx, LauncherStart launcher) {
    this(vertx, launcher.take());
  }

  private ProcessRunner(Vertx vertx, LauncherStart.Started started) {
    this.vertx = vertx;
    this.options = started.options();
    this.launcher = started.launcher();
  }

  private static LauncherStart.Started startNow(Options options) {
    LauncherStart.Started started = LauncherStart.now(options);
    LauncherStart.announce(started);
    return started;
  }

  /** Whether programs lead their own process group, so that a kill reaches all they started. */
  public boolean killsProcessGroups() {
    return launcher.killsGroups();
  }

  /** Programs started and not yet ended. */
  public int running() {
    return running.size();
  }

  /**
   * Starts a program, blocking the calling thread for the fork and exec (or the round trip to
   * {@code commandeer-spawn}). Never throws for a program that cannot be started: the result then
   * says {@code FAILED_TO_START} with the reason.
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
    if (launcher instanceof NativeLauncher) {
      recent.put(spec, program.path()); // only the native launcher starts without blocking
    }
    Launcher.Child child;
    try {
      child = launcher.start(spec, program.path());
    } catch (Launcher.LaunchException e) {
      return notStarted(spec, "cannot start " + program.path() + ": " + e.getMessage(), startNanos);
    }
    return begin(spec, program.path(), child, startNanos, context);
  }

  /**
   * Starts a program without blocking the calling thread where that can be done: with the native
   * launcher, for a program found before (see {@link RecentPrograms}), the request goes straight to
   * {@code commandeer-spawn} and the future completes on its answer. Otherwise {@link #start} runs
   * on a worker thread. Completes on the caller's context and never fails: a program that cannot be
   * started gives {@code FAILED_TO_START} with the reason.
   */
  public Future<RunningProcess> launch(ProcessSpec spec) {
    Context context = vertx.getOrCreateContext();
    long startNanos = System.nanoTime();
    String problem = argumentProblem(spec);
    if (problem != null) {
      return Future.succeededFuture(notStarted(spec, problem, startNanos));
    }
    RecentPrograms.Lookup found =
        launcher instanceof NativeLauncher ? recent.get(spec) : RecentPrograms.Lookup.NONE;
    Path program = found.path();
    CompletableFuture<NativeChild> started =
        program == null ? null : ((NativeLauncher) launcher).startWithoutBlocking(spec, program);
    if (started == null) {
      return vertx.executeBlocking(() -> start(spec), false);
    }
    if (found.recheck()) {
      vertx.executeBlocking(() -> recheck(spec), false).onFailure(e -> recent.remove(spec));
    }
    Promise<RunningProcess> promise = Promise.promise();
    started.whenComplete(
        (child, e) ->
            context.runOnContext(
                v ->
                    promise.complete(
                        e == null
                            ? begin(spec, program, child, startNanos, context)
                            : notStarted(
                                spec, "cannot start " + program + ": " + reason(e), startNanos))));
    return promise.future();
  }

  /** Looks the program up again, as {@link #start} would: keeps it if it is still there. */
  private Void recheck(ProcessSpec spec) {
    ProgramLocator.Located program =
        problemWith(spec) != null
            ? null
            : ProgramLocator.locate(spec.argv().get(0), spec.env().get("PATH"), spec.cwd());
    if (program == null || program.problem() != null) {
      recent.remove(spec);
    } else {
      recent.put(spec, program.path());
    }
    return null;
  }

  private RunningProcess begin(
      ProcessSpec spec, Path program, Launcher.Child child, long startNanos, Context context) {
    if (log.isDebugEnabled()) { // three arguments: an array and a boxed long per run otherwise
      log.debug("Run {} started {} as pid {}", spec.runId(), program, child.pid());
    }
    ProcessRun run =
        new ProcessRun(spec, child, startNanos, vertx, context, options, running::remove);
    running.add(run);
    return run.begin();
  }

  private static String reason(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause.getMessage();
  }

  /**
   * Kills every running program's tree at once (KILL) and stops the launcher. For shutdown; blocks
   * for a few milliseconds per running program, or up to a few seconds for {@code commandeer-spawn}
   * to report the ends and exit.
   */
  public void close() {
    running.forEach(ProcessRun::killNow);
    launcher.close();
  }

  Launcher launcher() {
    return launcher;
  }

  private static RunningProcess notStarted(ProcessSpec spec, String why, long startNanos) {
    log.debug("Run {} not started: {}", spec.runId(), why);
    return RunningProcess.notStarted(
        spec.runId(),
        ProcessResult.failedToStart(why, Duration.ofNanos(System.nanoTime() - startNanos)));
  }

  private static String problemWith(ProcessSpec spec) {
    String problem = argumentProblem(spec);
    if (problem == null && spec.cwd() != null && !Files.isDirectory(spec.cwd())) {
      return "working directory " + spec.cwd() + " does not exist";
    }
    return problem;
  }

  /** What no program may be given: NUL characters, malformed variable names. */
  private static String argumentProblem(ProcessSpec spec) {
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
    return null;
  }
}
