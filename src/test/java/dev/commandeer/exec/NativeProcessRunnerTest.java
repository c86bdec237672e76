package dev.commandeer.exec;

import static dev.commandeer.exec.TestPrograms.assertAllGone;
import static dev.commandeer.exec.TestPrograms.await;
import static dev.commandeer.exec.TestPrograms.spec;
import static java.nio.file.StandardCopyOption.COPY_ATTRIBUTES;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commandeer.exec.ProcessResult.Outcome;
import dev.commandeer.exec.ProcessRunner.LaunchMode;
import dev.commandeer.exec.ProcessRunner.Options;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every test of {@link ProcessRunnerTest} with {@code commandeer-spawn}, and what only it can get
 * wrong: losing the spawner, closing it, and its own start errors.
 */
class NativeProcessRunnerTest extends ProcessRunnerTest {

  @Override
  LaunchMode launcher() {
    return LaunchMode.NATIVE;
  }

  @Test
  void uses_the_native_launcher() {
    assertThat(runner.launcher()).isInstanceOf(NativeLauncher.class);
    assertThat(runner.killsProcessGroups()).isTrue();
  }

  @Test
  void launch_of_a_program_found_recently_needs_no_worker_thread() throws Exception {
    Vertx oneWorker = Vertx.vertx(new VertxOptions().setWorkerPoolSize(1));
    ProcessRunner own = new ProcessRunner(oneWorker, Options.defaults().withLauncher(launcher()));
    Promise<Void> unblock = Promise.promise();
    try {
      Context context = oneWorker.getOrCreateContext();
      io.vertx.core.Future<ProcessResult> first =
          onContext(context, () -> own.launch(spec(TIMEOUT, "echo", "found")));
      assertThat(first.await(60, java.util.concurrent.TimeUnit.SECONDS).stdout().text())
          .isEqualTo("found\n");
      Promise<Void> workerBusy = Promise.promise();
      context.runOnContext(
          v ->
              oneWorker.executeBlocking(
                  () -> {
                    workerBusy.complete();
                    return unblock.future().await();
                  },
                  false));
      workerBusy.future().await(10, java.util.concurrent.TimeUnit.SECONDS);

      io.vertx.core.Future<ProcessResult> second =
          onContext(context, () -> own.launch(spec(TIMEOUT, "echo", "again")));

      assertThat(second.await(30, java.util.concurrent.TimeUnit.SECONDS).stdout().text())
          .isEqualTo("again\n");
    } finally {
      unblock.tryComplete();
      own.close();
      oneWorker.close().await();
    }
  }

  private static io.vertx.core.Future<ProcessResult> onContext(
      Context context, java.util.function.Supplier<io.vertx.core.Future<RunningProcess>> launch) {
    Promise<ProcessResult> ended = Promise.promise();
    context.runOnContext(v -> launch.get().compose(RunningProcess::result).onComplete(ended));
    return ended.future();
  }

  @Test
  void kills_and_reports_runs_in_flight_when_the_spawner_dies_and_starts_it_again_for_the_next()
      throws Exception {
    ProcessRunner own = new ProcessRunner(vertx, Options.defaults().withLauncher(launcher()));
    try {
      NativeLauncher launcher = (NativeLauncher) own.launcher();
      long spawner = launcher.spawnerPid();
      RunningProcess sleeping = own.start(spec(Duration.ofMinutes(2), "sleep", "1000"));

      ProcessHandle.of(spawner).orElseThrow().destroyForcibly();
      ProcessResult result = await(sleeping);

      assertThat(result.outcome()).isEqualTo(Outcome.ABORTED);
      assertThat(result.exitCode()).isEqualTo(-1);
      assertThat(result.startError())
          .isEqualTo("commandeer-spawn stopped: killed by signal 9; the program was killed");
      assertAllGone(vertx, List.of(sleeping.pid()));
      assertThat(own.running()).isZero();

      ProcessResult next = await(own.start(spec(TIMEOUT, "echo", "again")));
      assertThat(next.stdout().text()).isEqualTo("again\n");
      assertThat(launcher.spawnerPid()).isNotEqualTo(spawner).isPositive();
    } finally {
      own.close();
    }
  }

  @Test
  void lets_programs_finish_when_ctrl_c_or_a_service_manager_signals_the_spawner_too()
      throws Exception {
    ProcessRunner own = new ProcessRunner(vertx, Options.defaults().withLauncher(launcher()));
    try {
      long spawner = ((NativeLauncher) own.launcher()).spawnerPid();
      RunningProcess slow = own.start(spec(TIMEOUT, "slow.sh", "1"));

      // The spawner shares the JVM's process group: a terminal's signals reach it as well.
      for (String signal : List.of("INT", "TERM", "HUP", "QUIT")) {
        Process kill =
            new ProcessBuilder("/bin/kill", "-s", signal, Long.toString(spawner)).start();
        assertThat(kill.waitFor()).isZero();
      }
      ProcessResult result = await(slow);

      assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
      assertThat(result.stdout().text()).isEqualTo("started\ndone\n");
      assertThat(ProcessHandle.of(spawner).map(ProcessHandle::isAlive)).contains(true);
    } finally {
      own.close();
    }
  }

  @Test
  void
      starts_programs_with_no_standard_signal_blocked_or_ignored_though_the_spawner_ignores_some() {
    ProcessResult result =
        await(runner.start(spec(TIMEOUT, "/bin/grep", "^Sig[BI]", "/proc/self/status")));

    Map<String, Long> masks =
        result
            .stdout()
            .text()
            .lines()
            .map(line -> line.split(":\\s+"))
            .collect(Collectors.toMap(f -> f[0], f -> Long.parseUnsignedLong(f[1], 16)));
    // Signals 32 and 33 belong to the C library, which leaves them ignored across exec.
    long standard = (1L << 31) - 1;
    assertThat(masks).containsOnlyKeys("SigBlk", "SigIgn");
    assertThat(masks.get("SigBlk") & standard).as("blocked").isZero();
    assertThat(masks.get("SigIgn") & standard).as("ignored").isZero();
  }

  @Test
  void starts_one_new_spawner_for_runs_that_start_together_after_it_died() throws Exception {
    ProcessRunner own = new ProcessRunner(vertx, Options.defaults().withLauncher(launcher()));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      NativeLauncher launcher = (NativeLauncher) own.launcher();
      RunningProcess sleeping = own.start(spec(Duration.ofMinutes(2), "sleep", "1000"));
      ProcessHandle.of(launcher.spawnerPid()).orElseThrow().destroyForcibly();
      assertThat(await(sleeping).outcome()).isEqualTo(Outcome.ABORTED);

      CyclicBarrier together = new CyclicBarrier(2);
      Callable<ProcessResult> echo =
          () -> {
            together.await();
            return await(own.start(spec(TIMEOUT, "echo", "again")));
          };
      List<Future<ProcessResult>> results = threads.invokeAll(List.of(echo, echo));

      for (Future<ProcessResult> result : results) {
        assertThat(result.get().stdout().text()).isEqualTo("again\n");
      }
      Optional<String> binary = Optional.of(launcher.binary().toString());
      assertThat(ProcessHandle.current().children().filter(p -> p.info().command().equals(binary)))
          .hasSize(1);
    } finally {
      threads.shutdown();
      own.close();
    }
  }

  @Test
  void fails_a_start_at_once_when_the_spawner_dies_before_answering(@TempDir Path dir)
      throws Exception {
    Path fake = fakeSpawner(dir, "head -c 1 >/dev/null; exit 3  # reads a byte, then ends");
    Spawner spawner =
        Spawner.start(fake, new ProcessTreeKiller(Path.of("/none"), Path.of("/none")));
    try {
      assertThatThrownBy(() -> spawner.spawn(spec(TIMEOUT, "sleep", "300"), Path.of("/bin/sleep")))
          .isInstanceOf(Launcher.LaunchException.class)
          .hasMessage("commandeer-spawn stopped: exit status 3");
      assertThat(spawner.works()).isFalse();
    } finally {
      spawner.close(Duration.ofSeconds(1));
    }
  }

  @Test
  void kills_and_forgets_a_program_whose_start_was_interrupted(@TempDir Path dir) throws Exception {
    Spawner spawner =
        Spawner.start(
            fakeSpawner(dir, "exec cat >\"$0.requests\"  # records the requests"),
            new ProcessTreeKiller(Path.of("/none"), Path.of("/none")));
    ProcessSpec sleep = spec(TIMEOUT, "sleep", "300");
    try {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> spawner.spawn(sleep, Path.of("/bin/sleep")))
          .hasMessage("interrupted while starting");
      assertThat(Thread.interrupted()).isTrue();
      spawner.close(Duration.ofSeconds(5));

      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.writeBytes(SpawnProtocol.spawn(1, sleep, Path.of("/bin/sleep")));
      expected.writeBytes(SpawnProtocol.signal(1, ProcessTreeKiller.Signal.KILL));
      expected.writeBytes(SpawnProtocol.release(1));
      assertThat(Files.readAllBytes(dir.resolve("spawn.requests")))
          .isEqualTo(expected.toByteArray());
    } finally {
      spawner.close(Duration.ofSeconds(1));
    }
  }

  /** A script that greets like commandeer-spawn and then runs {@code then}. */
  private static Path fakeSpawner(Path dir, String then) throws IOException {
    Path fake =
        Files.writeString(
            dir.resolve("spawn"),
            "#!/bin/sh\n"
                + "printf '\\000\\000\\000\\030@\\000\\000\\000\\002\\000\\000\\000\\020"
                + "commandeer-spawn'\n"
                + then
                + "\n");
    assertThat(fake.toFile().setExecutable(true)).isTrue();
    return fake;
  }

  @Test
  void closing_the_spawners_stdin_kills_every_group_it_started() throws Exception {
    NativeLauncher launcher = NativeLauncher.start(Path.of("/none"), Path.of("/none"));
    Launcher.Child sleeping =
        launcher.start(spec(Duration.ofMinutes(2), "sleep", "1000"), Path.of("/bin/sleep"));

    launcher.close();

    assertThat(sleeping.exit().get()).isEqualTo(128 + 9);
    assertAllGone(vertx, List.of(sleeping.pid()));
  }

  @Test
  void reports_why_the_spawner_could_not_start_a_program(@TempDir Path dir) throws Exception {
    Path notExecutable = Files.writeString(dir.resolve("deploy.sh"), "#!/bin/sh\necho hi\n");
    NativeLauncher launcher = (NativeLauncher) runner.launcher();
    ProcessSpec inMissingDir =
        new ProcessSpec(
            "run-1", List.of("true"), TestPrograms.ENV, dir.resolve("gone"), TIMEOUT, 10);

    assertThatThrownBy(() -> launcher.start(spec(TIMEOUT, "x"), dir.resolve("missing")))
        .hasMessage("No such file or directory");
    assertThatThrownBy(() -> launcher.start(spec(TIMEOUT, "x"), notExecutable))
        .hasMessage("Permission denied");
    assertThatThrownBy(() -> launcher.start(inMissingDir, Path.of("/bin/true")))
        .hasMessage("No such file or directory (in " + dir.resolve("gone") + ")");
    assertThat(await(runner.start(spec(TIMEOUT, "echo", "still working"))).stdout().text())
        .isEqualTo("still working\n");
  }

  @Test
  void starts_the_spawner_while_its_freshly_written_binary_is_still_open_for_writing(
      @TempDir Path dir) throws Exception {
    Path copy = dir.resolve("commandeer-spawn");
    Files.copy(((NativeLauncher) runner.launcher()).binary(), copy, COPY_ATTRIBUTES);
    // Another thread's fork can hold the just-written file open for a moment: exec fails with
    // "Text file busy" until that child has exec'd or exited.
    OutputStream writing = Files.newOutputStream(copy, StandardOpenOption.APPEND);
    CompletableFuture<Void> closed =
        CompletableFuture.runAsync(
            () -> closeQuietly(writing), CompletableFuture.delayedExecutor(20, MILLISECONDS));

    Spawner spawner =
        Spawner.start(copy, new ProcessTreeKiller(Path.of("/none"), Path.of("/none")));
    try {
      assertThat(closed).isDone();
      assertThat(spawner.works()).isTrue();
    } finally {
      spawner.close(Duration.ofSeconds(5));
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void refuses_a_binary_that_does_not_speak_the_protocol() {
    assertThatThrownBy(
            () ->
                Spawner.start(
                    Path.of("/bin/true"),
                    new ProcessTreeKiller(Path.of("/none"), Path.of("/none"))))
        .hasMessageStartingWith("/bin/true is not a working commandeer-spawn");
  }

  @Test
  void fails_start_up_when_the_native_launcher_is_required_but_missing_and_falls_back_in_auto() {
    String previous = System.getProperty(NativeLauncher.SPAWNER_PROPERTY);
    System.setProperty(NativeLauncher.SPAWNER_PROPERTY, "/nonexistent/commandeer-spawn");
    try {
      assertThatThrownBy(
              () -> new ProcessRunner(vertx, Options.defaults().withLauncher(LaunchMode.NATIVE)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("commandeer.spawner=/nonexistent/commandeer-spawn");
      ProcessRunner auto =
          new ProcessRunner(vertx, Options.defaults().withLauncher(LaunchMode.AUTO));
      assertThat(auto.launcher()).isInstanceOf(JdkLauncher.class);
      auto.close();
    } finally {
      if (previous == null) {
        System.clearProperty(NativeLauncher.SPAWNER_PROPERTY);
      } else {
        System.setProperty(NativeLauncher.SPAWNER_PROPERTY, previous);
      }
    }
  }
}
