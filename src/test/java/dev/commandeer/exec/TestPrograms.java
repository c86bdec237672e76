package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The test programs under src/test/resources/exec and ways to watch the processes they start. */
final class TestPrograms {

  static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");
  static final int CAP = 64 * 1024;

  private TestPrograms() {}

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
                vertx.cancelTimer(id);
                listed.tryComplete(pids(file));
              }
            });
    try {
      return listed.future().await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      vertx.cancelTimer(timer);
      throw new AssertionError(file + " did not list " + count + " pids in time", e);
    }
  }

  /** Waits up to {@code deadline} for each process to end; returns the ones still running. */
  static List<Long> stillRunningAfter(List<Long> pids, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    for (long pid : pids) {
      ProcessHandle.of(pid)
          .ifPresent(
              handle -> {
                try {
                  handle.onExit().get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                  // reported below
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
    return pids.stream().filter(TestPrograms::running).toList();
  }

  static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Test hygiene: a process a failing test left behind does not outlive the test run. */
  static void killAll(List<Long> pids) {
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  static void assertAllGone(List<Long> pids) {
    try {
      assertThat(stillRunningAfter(pids, Duration.ofSeconds(10)))
          .as("processes of the tree still running")
          .isEmpty();
    } finally {
      killAll(pids);
    }
  }
}
