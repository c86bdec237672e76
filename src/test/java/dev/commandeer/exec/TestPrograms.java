package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The test programs under src/test/resources/exec and ways to watch the processes they start. */
final class TestPrograms {

  static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");
  static final int CAP = 64 * 1024;

  private TestPrograms() {}

  /**
   * Skips the calling test class when it needs the native launcher and this build has none, except
   * on CI, where the native launcher must have been built.
   */
  static void requireLauncher(ProcessRunner.LaunchMode mode) {
    if (mode != ProcessRunner.LaunchMode.NATIVE || NativeLauncher.bundled()) {
      return;
    }
    String missing = "commandeer-spawn is not in this build (is gcc installed?)";
    if ("true".equals(System.getenv("CI"))) {
      fail(missing);
    }
    abort(missing);
  }

  static String path(String name) {
    try {
      return Path.of(TestPrograms.class.getResource("/exec/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ProcessSpec spec(Duration timeout, String program, String... args) {
    List<String> argv = new java.util.ArrayList<>();
    argv.add(program.startsWith("/") || !program.endsWith(".sh") ? program : path(program));
    argv.addAll(List.of(args));
    return new ProcessSpec("run-test", argv, ENV, null, timeout, CAP);
  }

  static ProcessResult await(RunningProcess running) {
    try {
      return running.result().await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the run did not end within 60s", e);
    }
  }

  static List<Long> pids(Path file) {
    try {
      return Files.readAllLines(file).stream().map(String::trim).map(Long::valueOf).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code file} lists {@code count} pids, looking every 20ms. */
  static List<Long> awaitPids(Vertx vertx, Path file, int count) {
    Promise<List<Long>> listed = Promise.promise();
    long timer =
        vertx.setPeriodic(
            20,
            id -> {
              if (Files.exists(file) && pids(file).size() >= count) {
                listed.tryComplete(pids(file));
                vertx.cancelTimer(id);
              }
            });
    try {
      return listed.future().await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      vertx.cancelTimer(timer);
      throw new AssertionError(file + " did not list " + count + " pids in time", e);
    }
  }

  /** Waits up to {@code deadline} for the processes to end, looking every 20ms. */
  static List<Long> stillRunningAfter(Vertx vertx, List<Long> pids, Duration deadline) {
    Promise<Void> gone = Promise.promise();
    long timer =
        vertx.setPeriodic(
            20,
            id -> {
              if (pids.stream().noneMatch(TestPrograms::running)) {
                gone.tryComplete();
                vertx.cancelTimer(id);
              }
            });
    try {
      gone.future().await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      vertx.cancelTimer(timer);
    }
    return pids.stream().filter(TestPrograms::running).toList();
  }

  /**
   * Whether the process still runs. A zombie (ended, its exit status not yet collected by the
   * parent it was handed to) counts as ended: ProcessHandle reports it alive until it is reaped,
   * and reaping orphans is the job of PID 1, not of the program's runner.
   */
  static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int endOfName = stat.lastIndexOf(')');
      return endOfName > 0 && endOfName + 2 < stat.length() && stat.charAt(endOfName + 2) == 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /** Test hygiene: a process a failing test left behind does not outlive the test run. */
  static void killAll(List<Long> pids) {
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  static void assertAllGone(Vertx vertx, List<Long> pids) {
    try {
      assertThat(stillRunningAfter(vertx, pids, Duration.ofSeconds(10)))
          .as("processes of the tree still running")
          .isEmpty();
    } finally {
      killAll(pids);
    }
  }
}
