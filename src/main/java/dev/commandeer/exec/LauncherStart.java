package dev.commandeer.exec;

import dev.commandeer.exec.ProcessRunner.LaunchMode;
import dev.commandeer.exec.ProcessRunner.Options;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the program launcher {@code commandeer.launcher} chooses (see {@link ProcessRunner}) for
 * the one runner that will use it. {@link #ahead} starts it on a thread of its own, so that
 * starting {@code commandeer-spawn} (its copy out of the jar, the exec, its greeting) overlaps the
 * rest of a service's start. Which launcher it is goes to the log when the runner takes it, as when
 * the runner started it itself; so does the failure when {@code native} is asked for and missing.
 */
public final class LauncherStart {

  // The runner's lines: logged under its name, as they always were.
  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

  private final CompletableFuture<Started> started = new CompletableFuture<>();
  private final AtomicBoolean taken = new AtomicBoolean();

  /** A launcher that is up, and why the JDK starts programs when the native launcher was tried. */
  record Started(Options options, Launcher launcher, String nativeMissing) {}

  private LauncherStart() {}

  /** Starts the launcher with the default options on a new thread. */
  public static LauncherStart ahead() {
    LauncherStart start = new LauncherStart();
    Thread thread =
        new Thread(
            () -> {
              try {
                start.started.complete(now(Options.defaults()));
              } catch (RuntimeException | Error e) {
                start.started.completeExceptionally(e);
              }
            },
            "commandeer-launcher");
    thread.setDaemon(true);
    thread.start();
    return start;
  }

  /**
   * Completes, without a result, once the launcher is up or could not be started; {@link #take}
   * then returns (or throws) without waiting.
   */
  public CompletableFuture<Void> settled() {
    return started.handle((up, e) -> null);
  }

  /**
   * Waits until the launcher is up and logs which one it is; only once.
   *
   * @throws IllegalStateException when {@code native} is asked for and cannot be started
   */
  Started take() {
    if (!taken.compareAndSet(false, true)) {
      throw new IllegalStateException("this launcher has been taken already");
    }
    Started up;
    try {
      up = started.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
    announce(up);
    return up;
  }

  /**
   * Stops the launcher unless a runner took it, as when the start fails before building one;
   * completes once it is stopped.
   */
  public CompletableFuture<Void> discard() {
    if (!taken.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    return started.thenAccept(up -> up.launcher().close()).exceptionally(e -> null);
  }

  /** Starts the launcher {@code options} choose, on the calling thread, without logging. */
  static Started now(Options options) {
    LaunchMode mode = options.launcher();
    if (mode == LaunchMode.JDK) {
      return new Started(options, new JdkLauncher(options.setsid(), options.kill()), null);
    }
    try {
      return new Started(options, NativeLauncher.start(options.setsid(), options.kill()), null);
    } catch (IOException e) {
      if (mode == LaunchMode.NATIVE) {
        throw new IllegalStateException(
            LaunchMode.PROPERTY + "=native, but it is not available: " + e.getMessage(), e);
      }
      return new Started(
          options, new JdkLauncher(options.setsid(), options.kill()), e.getMessage());
    }
  }

  /** Says which launcher starts programs, and warns when their process groups cannot be used. */
  static void announce(Started up) {
    Options options = up.options();
    if (up.launcher() instanceof NativeLauncher launcher) {
      log.info(
          "Programs are started by {} ({}={})",
          launcher.binary(),
          LaunchMode.PROPERTY,
          options.launcher().name().toLowerCase(Locale.ROOT));
      return;
    }
    if (up.nativeMissing() != null) {
      log.info("Programs are started by the JDK: {}", up.nativeMissing());
    } else {
      log.info("Programs are started by the JDK ({}=jdk)", LaunchMode.PROPERTY);
    }
    if (!up.launcher().killsGroups()) {
      log.warn(
          "{} or {} not found: programs do not get their own process group, and children they"
              + " detach may outlive a timeout",
          options.setsid(),
          options.kill());
    }
  }
}
