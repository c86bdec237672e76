package dev.commandeer.exec;

import static dev.commandeer.exec.TestPrograms.assertAllGone;
import static dev.commandeer.exec.TestPrograms.await;
import static dev.commandeer.exec.TestPrograms.awaitPids;
import static dev.commandeer.exec.TestPrograms.pids;
import static dev.commandeer.exec.TestPrograms.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commandeer.exec.ProcessResult.Outcome;
import dev.commandeer.exec.ProcessRunner.LaunchMode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timeout and cancel reach every process a program started, with every launcher and way of finding
 * them: the program's own process group (commandeer-spawn, or the JDK with setsid), and the
 * descendants the JVM sees (the JDK without setsid).
 */
class ProcessTreeKillTest {

  static final Duration GRACE = Duration.ofMillis(500);
  static final Duration TIMEOUT = Duration.ofMillis(1500);
  static final Duration SLACK = Duration.ofSeconds(10);

  static Vertx vertx;
  static ProcessRunner groups;
  static ProcessRunner descendants;
  static ProcessRunner spawner;
  static final Map<ProcessRunner, ProcessRunner.Options> OPTIONS = new HashMap<>();

  @TempDir Path dir;

  @BeforeAll
  static void startRunners() {
    vertx = Vertx.vertx();
    ProcessRunner.Options options =
        new ProcessRunner.Options(
            GRACE,
            Duration.ofMillis(300),
            Path.of("/usr/bin/setsid"),
            Path.of("/bin/kill"),
            LaunchMode.JDK);
    groups = runner(options);
    descendants =
        runner(
            new ProcessRunner.Options(
                GRACE,
                Duration.ofMillis(300),
                Path.of("/nonexistent/setsid"),
                options.kill(),
                LaunchMode.JDK));
    // On CI the native launcher must be there: constructing it fails the tests when it is not.
    if (NativeLauncher.bundled() || "true".equals(System.getenv("CI"))) {
      spawner = runner(options.withLauncher(LaunchMode.NATIVE));
    }
  }

  private static ProcessRunner runner(ProcessRunner.Options options) {
    ProcessRunner runner = new ProcessRunner(vertx, options);
    OPTIONS.put(runner, options);
    return runner;
  }

  @AfterAll
  static void stopRunners() {
    OPTIONS.keySet().forEach(ProcessRunner::close);
    vertx.close().await();
  }

  static Stream<Named<ProcessRunner>> runners() {
    assertThat(descendants.killsProcessGroups()).isFalse();
    return Stream.of(
            Named.of("commandeer-spawn", spawner),
            Named.of("jdk with setsid", groups),
            Named.of("jdk without setsid", descendants))
        .filter(runner -> runner.getPayload() != null)
        .filter(runner -> runner.getPayload() != groups || groups.killsProcessGroups());
  }

  @ParameterizedTest
  @MethodSource("runners")
  void kills_the_whole_tree_when_the_timeout_expires_and_keeps_the_output_so_far(
      ProcessRunner runner) {
    Path pidFile = dir.resolve("pids");

    ProcessResult result = await(runner.start(spec(TIMEOUT, "tree.sh", pidFile.toString())));

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stdout().text()).isEqualTo("ready\n");
    assertThat(result.elapsed()).isBetween(TIMEOUT, TIMEOUT.plus(SLACK));
    List<Long> pids = pids(pidFile);
    assertThat(pids).hasSize(5);
    assertAllGone(vertx, pids);
  }

  @ParameterizedTest
  @MethodSource("runners")
  void kills_a_child_that_moved_to_a_session_of_its_own_when_the_timeout_expires(
      ProcessRunner runner) {
    Path pidFile = dir.resolve("pid");

    ProcessResult result = await(runner.start(spec(TIMEOUT, "escapes.sh", pidFile.toString())));

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.stdout().text()).isEqualTo("ready\n");
    List<Long> pids = pids(pidFile);
    assertThat(pids).hasSize(1);
    assertAllGone(vertx, pids);
  }

  @ParameterizedTest
  @MethodSource("runners")
  void kills_processes_that_ignore_term_once_the_grace_period_is_over(ProcessRunner runner) {
    Path pidFile = dir.resolve("pids");

    ProcessResult result = await(runner.start(spec(TIMEOUT, "stubborn.sh", pidFile.toString())));

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.stdout().text()).isEqualTo("ready\n");
    assertThat(result.stderr().text()).startsWith("ignoring TERM\n");
    assertThat(result.elapsed()).isBetween(TIMEOUT.plus(GRACE), TIMEOUT.plus(GRACE).plus(SLACK));
    List<Long> pids = pids(pidFile);
    assertThat(pids).hasSize(4);
    assertAllGone(vertx, pids);
  }

  @ParameterizedTest
  @MethodSource("runners")
  void cancel_kills_the_whole_tree_and_says_cancelled(ProcessRunner runner) {
    Path pidFile = dir.resolve("pids");
    RunningProcess running =
        runner.start(spec(Duration.ofMinutes(2), "tree.sh", pidFile.toString()));
    List<Long> pids = awaitPids(vertx, pidFile, 5);

    running.cancel();
    running.cancel();
    ProcessResult result = await(running);

    assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.elapsed()).isLessThan(Duration.ofMinutes(1));
    assertAllGone(vertx, pids);
  }

  @ParameterizedTest
  @MethodSource("runners")
  void cancel_after_the_program_ended_changes_nothing(ProcessRunner runner) {
    RunningProcess running = runner.start(spec(TIMEOUT, "fail.sh"));
    ProcessResult result = await(running);

    running.cancel();

    assertThat(running.result().await()).isSameAs(result);
    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.exitCode()).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("runners")
  void answers_even_when_a_background_child_keeps_the_output_open(ProcessRunner runner) {
    Path pidFile = dir.resolve("pid");

    ProcessResult result =
        await(runner.start(spec(Duration.ofMinutes(2), "leaves-child.sh", pidFile.toString())));

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout().text()).isEqualTo("bye\n");
    assertThat(result.elapsed()).isLessThan(Duration.ofMinutes(1));
    TestPrograms.killAll(pids(pidFile));
  }

  @ParameterizedTest
  @MethodSource("runners")
  void removes_what_the_program_left_running_in_its_group_when_it_exits(ProcessRunner runner) {
    assumeTrue(runner.killsProcessGroups(), "only a process group finds orphaned children");
    Path attachedPid = dir.resolve("attached");
    Path detachedPid = dir.resolve("detached");

    ProcessResult attached =
        await(runner.start(spec(Duration.ofMinutes(2), "leaves-child.sh", attachedPid.toString())));
    ProcessResult detached =
        await(
            runner.start(
                spec(
                    Duration.ofMinutes(2), "leaves-child.sh", detachedPid.toString(), "detached")));

    assertThat(attached.exitCode()).isZero();
    assertThat(detached.exitCode()).isZero();
    assertAllGone(vertx, List.of(pids(attachedPid).get(0), pids(detachedPid).get(0)));
  }

  @ParameterizedTest
  @MethodSource("runners")
  void closing_the_runner_kills_every_running_tree(ProcessRunner template) {
    ProcessRunner.Options options = OPTIONS.get(template);
    ProcessRunner runner =
        new ProcessRunner(
            vertx,
            new ProcessRunner.Options(
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                options.setsid(),
                options.kill(),
                options.launcher()));
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    RunningProcess tree = runner.start(spec(Duration.ofMinutes(2), "tree.sh", first.toString()));
    RunningProcess stubborn =
        runner.start(spec(Duration.ofMinutes(2), "stubborn.sh", second.toString()));
    List<Long> pids = new java.util.ArrayList<>(awaitPids(vertx, first, 5));
    pids.addAll(awaitPids(vertx, second, 4));
    assertThat(runner.running()).isEqualTo(2);

    runner.close();

    assertThat(await(tree).outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(await(stubborn).outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(runner.running()).isZero();
    assertAllGone(vertx, pids);
  }
}
