package dev.commandeer.exec;

import static dev.commandeer.exec.TestPrograms.await;
import static dev.commandeer.exec.TestPrograms.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A program launcher started ahead of its runner, as a service's start does. */
class LauncherStartTest {

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    TestPrograms.requireLauncher(ProcessRunner.LaunchMode.NATIVE);
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  void a_runner_takes_the_launcher_started_ahead_and_runs_programs_through_it() {
    ProcessRunner runner = new ProcessRunner(vertx, LauncherStart.ahead());
    try {
      assertThat(runner.launcher()).isInstanceOf(NativeLauncher.class);
      ProcessResult result = await(runner.start(spec(Duration.ofSeconds(30), "echo", "ahead")));
      assertThat(result.stdout().text()).isEqualTo("ahead\n");
    } finally {
      runner.close();
    }
  }

  @Test
  void a_launcher_started_ahead_serves_one_runner_only() {
    LauncherStart launcher = LauncherStart.ahead();
    ProcessRunner runner = new ProcessRunner(vertx, launcher);
    try {
      assertThatThrownBy(() -> new ProcessRunner(vertx, launcher))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      runner.close();
    }
  }

  @Test
  void a_discarded_launcher_leaves_no_commandeer_spawn_running() throws Exception {
    long before = helpers();

    LauncherStart.ahead().discard().get(30, TimeUnit.SECONDS);

    assertThat(helpers()).as("commandeer-spawn processes left running").isEqualTo(before);
  }

  @Test
  void a_required_native_launcher_that_is_missing_fails_the_runner_that_takes_it() {
    String previous = System.getProperty(NativeLauncher.SPAWNER_PROPERTY);
    System.setProperty(NativeLauncher.SPAWNER_PROPERTY, "/nonexistent/commandeer-spawn");
    System.setProperty(ProcessRunner.LaunchMode.PROPERTY, "native");
    try {
      LauncherStart launcher = LauncherStart.ahead();

      assertThat(launcher.settled()).succeedsWithin(Duration.ofSeconds(30));
      assertThatThrownBy(() -> new ProcessRunner(vertx, launcher))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("commandeer.spawner=/nonexistent/commandeer-spawn");
    } finally {
      System.clearProperty(ProcessRunner.LaunchMode.PROPERTY);
      if (previous == null) {
        System.clearProperty(NativeLauncher.SPAWNER_PROPERTY);
      } else {
        System.setProperty(NativeLauncher.SPAWNER_PROPERTY, previous);
      }
    }
  }

  /** This JVM's live children that are a program launcher. */
  private static long helpers() {
    return ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("commandeer-spawn"))
        .count();
  }
}
