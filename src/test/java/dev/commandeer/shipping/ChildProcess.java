package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** A long-running program started by a test (nginx, the service), its output kept in a file. */
final class ChildProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(String name, Path workDir, List<String> argv) {
    try {
      Path log = workDir.resolve(name + ".out");
      Process process =
          new ProcessBuilder(argv)
              .directory(workDir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ChildProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code ready} holds, checking every 100 ms on a scheduler; fails at the deadline or
   * as soon as the process exits, with its output.
   */
  void awaitReady(Duration deadline, BooleanSupplier ready) {
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    CompletableFuture<Void> done = new CompletableFuture<>();
    poller.scheduleWithFixedDelay(
        () -> {
          if (!process.isAlive()) {
            done.completeExceptionally(new IllegalStateException(name + " exited"));
          } else if (ready.getAsBoolean()) {
            done.complete(null);
          }
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
    try {
      done.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      fail("%s was not ready within %s; its output:%n%s", name, deadline, output());
    } catch (ExecutionException e) {
      fail("%s exited with %s before it was ready; its output:%n%s", name, exitCode(), output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      poller.shutdownNow();
    }
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private String exitCode() {
    return process.isAlive() ? "(running)" : String.valueOf(process.exitValue());
  }

  /** SIGTERM, then SIGKILL for it and whatever it started if it has not gone in time. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }
}
