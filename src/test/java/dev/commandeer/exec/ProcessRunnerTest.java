package dev.commandeer.exec;

import static dev.commandeer.exec.TestPrograms.await;
import static dev.commandeer.exec.TestPrograms.path;
import static dev.commandeer.exec.TestPrograms.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commandeer.exec.ProcessResult.Outcome;
import dev.commandeer.exec.ProcessResult.Output;
import dev.commandeer.exec.ProcessRunner.LaunchMode;
import dev.commandeer.exec.ProcessRunner.Options;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run gives the program and reports back, with the JDK launcher; {@link
 * NativeProcessRunnerTest} runs every test again with {@code commandeer-spawn}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessRunnerTest {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  Vertx vertx;
  ProcessRunner runner;

  LaunchMode launcher() {
    return LaunchMode.JDK;
  }

  @BeforeAll
  void startVertx() {
    TestPrograms.requireLauncher(launcher());
    vertx = Vertx.vertx();
    runner = new ProcessRunner(vertx, Options.defaults().withLauncher(launcher()));
  }

  @AfterAll
  void stopVertx() {
    if (runner != null) {
      runner.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void reports_the_exit_status_and_what_the_program_wrote_on_each_stream() {
    ProcessResult result = await(runner.start(spec(TIMEOUT, "fail.sh")));

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stdout()).isEqualTo(new Output("checking the service\n", 21, false));
    assertThat(result.stderr()).isEqualTo(new Output("service api is not healthy\n", 27, false));
    assertThat(result.startError()).isNull();
  }

  @Test
  void reports_success_for_a_zero_exit_status() {
    ProcessResult result = await(runner.start(spec(TIMEOUT, "argv.sh")));

    assertThat(result.exitCode()).isZero();
    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout().text()).isEqualTo("argc=0\n");
  }

  @Test
  void passes_hostile_text_verbatim_each_value_as_exactly_one_argument() {
    ArgvTemplate template =
        ArgvTemplate.parse(
            List.of(path("argv.sh"), "{a}", "{b}", "{c}", "--env={d}", "{e}", "{f}", "{missing}"));
    Map<String, String> values = new HashMap<>();
    values.put("a", "; rm -rf / ;");
    values.put("b", "$(id) ${HOME} `id`");
    values.put("c", "line one\nline two");
    values.put("d", "staging --force");
    values.put("e", "--help");
    values.put("f", "'single' \"double\" \\ * ? | & > /tmp/x");
    List<String> argv = template.expand(values);

    ProcessResult result =
        await(runner.start(new ProcessSpec("run-1", argv, TestPrograms.ENV, null, TIMEOUT, 4096)));

    assertThat(result.stdout().text())
        .isEqualTo(
            "argc=7\n"
                + "<; rm -rf / ;>\n"
                + "<$(id) ${HOME} `id`>\n"
                + "<line one\nline two>\n"
                + "<--env=staging --force>\n"
                + "<--help>\n"
                + "<'single' \"double\" \\ * ? | & > /tmp/x>\n"
                + "<>\n");
  }

  @Test
  void gives_the_program_exactly_the_environment_built_for_it_and_no_service_secret() {
    ChildEnvironment environment = new ChildEnvironment(ChildEnvironmentTest.SERVICE_ENV);
    Map<String, String> env =
        environment.forRun(
            "run-7",
            ChildEnvironmentTest.invocation().variables(),
            "deploy api",
            Map.of("DEPLOY_REGION", "eu-1"),
            ChildEnvironmentTest.args());

    ProcessResult result =
        await(
            runner.start(
                new ProcessSpec("run-7", List.of(path("env.sh")), env, null, TIMEOUT, 4096)));

    Map<String, String> seen =
        Arrays.stream(result.stdout().text().split("\0"))
            .collect(
                Collectors.toMap(
                    e -> e.substring(0, e.indexOf('=')), e -> e.substring(e.indexOf('=') + 1)));
    assertThat(seen).isEqualTo(env);
    assertThat(seen.keySet())
        .containsExactlyInAnyOrder(
            "PATH",
            "LANG",
            "DEPLOY_REGION",
            "MM_USER_NAME",
            "MM_USER_ID",
            "MM_CHANNEL_NAME",
            "MM_CHANNEL_ID",
            "MM_TEAM_DOMAIN",
            "MM_POST_ID",
            "MM_ROOT_ID",
            "MM_COMMAND",
            "ARG_SERVICE",
            "ARG_DRY_RUN",
            "COMMANDEER_RUN_ID");
    assertThat(result.stdout().text()).doesNotContain("secret");
  }

  @Test
  void does_not_inherit_anything_from_the_services_own_environment() {
    ProcessResult result =
        await(
            runner.start(
                new ProcessSpec(
                    "run-1",
                    List.of(path("env.sh")),
                    Map.of("ONLY", "this"),
                    null,
                    TIMEOUT,
                    4096)));

    assertThat(result.stdout().text()).isEqualTo("ONLY=this\0");
  }

  @Test
  void starts_the_program_itself_as_leader_of_its_own_session_and_process_group() {
    assumeTrue(runner.killsProcessGroups(), "setsid is not installed");

    RunningProcess running = runner.start(spec(TIMEOUT, "identity.sh"));
    ProcessResult result = await(running);

    long pid = running.pid();
    assertThat(result.stdout().text())
        .isEqualTo("pid=" + pid + " pgrp=" + pid + " session=" + pid + "\n");
  }

  @Test
  void caps_megabytes_of_output_and_keeps_draining_so_the_program_can_finish() {
    ProcessResult result = await(runner.start(spec(TIMEOUT, "flood.sh", "5000000")));

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout().text()).hasSize(TestPrograms.CAP).matches("x+");
    assertThat(result.stdout().totalBytes()).isEqualTo(5_000_000);
    assertThat(result.stdout().truncated()).isTrue();
    assertThat(result.stderr().text()).hasSize(TestPrograms.CAP).matches("y+");
    assertThat(result.stderr().totalBytes()).isEqualTo(5_000_000);
    assertThat(result.stderr().truncated()).isTrue();
  }

  @Test
  void gives_the_program_an_empty_stdin_so_one_that_reads_it_does_not_hang() {
    ProcessResult result = await(runner.start(spec(TIMEOUT, "cat")));

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo(Output.EMPTY);
  }

  @Test
  void looks_a_bare_program_name_up_on_the_programs_own_path() {
    ProcessResult found = await(runner.start(spec(TIMEOUT, "printf", "%s|", "a b", "c")));
    ProcessResult notFound =
        await(
            runner.start(
                new ProcessSpec(
                    "run-1",
                    List.of("printf", "x"),
                    Map.of("PATH", "/nowhere"),
                    null,
                    TIMEOUT,
                    10)));

    assertThat(found.stdout().text()).isEqualTo("a b|c|");
    assertThat(notFound.outcome()).isEqualTo(Outcome.FAILED_TO_START);
    assertThat(notFound.startError()).isEqualTo("program 'printf' not found on PATH /nowhere");
  }

  @Test
  void launch_starts_from_an_event_loop_and_completes_on_its_context() throws Exception {
    Context context = vertx.getOrCreateContext();
    List<String> outputs = new java.util.ArrayList<>();
    for (String word : List.of("first", "second")) {
      Promise<Boolean> sameContext = Promise.promise();
      Promise<ProcessResult> ended = Promise.promise();
      context.runOnContext(
          v ->
              runner
                  .launch(spec(TIMEOUT, "echo", word))
                  .compose(
                      running -> {
                        sameContext.complete(Vertx.currentContext() == context);
                        return running.result();
                      })
                  .onComplete(ended));
      ProcessResult result = ended.future().await(60, TimeUnit.SECONDS);
      assertThat(sameContext.future().await(1, TimeUnit.SECONDS)).isTrue();
      assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
      outputs.add(result.stdout().text());
    }

    assertThat(outputs).containsExactly("first\n", "second\n");
  }

  @Test
  void launch_reports_a_program_removed_after_it_was_found_as_failed_to_start(@TempDir Path dir)
      throws Exception {
    Path script = Files.writeString(dir.resolve("deploy.sh"), "#!/bin/sh\necho deployed\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();
    ProcessResult before =
        runner.launch(spec(TIMEOUT, script.toString())).compose(RunningProcess::result).await();
    Files.delete(script);

    ProcessResult after =
        runner.launch(spec(TIMEOUT, script.toString())).compose(RunningProcess::result).await();

    assertThat(before.stdout().text()).isEqualTo("deployed\n");
    assertThat(after.outcome()).isEqualTo(Outcome.FAILED_TO_START);
    assertThat(after.startError()).contains(script.toString());
  }

  @Test
  void runs_an_executable_script_without_an_interpreter_line_with_the_shell(@TempDir Path dir)
      throws Exception {
    Path script = Files.writeString(dir.resolve("legacy.sh"), "echo \"legacy $1 $#\"\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();

    ProcessResult result =
        runner
            .launch(spec(TIMEOUT, script.toString(), "a b", "c"))
            .compose(RunningProcess::result)
            .await();

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout().text()).isEqualTo("legacy a b 2\n");
  }

  @Test
  void launch_refuses_a_nul_character_without_starting_anything() {
    ProcessResult result =
        runner
            .launch(spec(TIMEOUT, "argv.sh", "bad\0value"))
            .compose(RunningProcess::result)
            .await();

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED_TO_START);
    assertThat(result.startError()).isEqualTo("argument 1 contains a NUL character");
  }

  @Test
  void reports_a_missing_program_as_failed_to_start_instead_of_throwing() {
    RunningProcess running = runner.start(spec(TIMEOUT, "/opt/nowhere/deploy.sh", "api"));
    ProcessResult result = await(running);

    assertThat(running.pid()).isEqualTo(-1);
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED_TO_START);
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.startError()).isEqualTo("program /opt/nowhere/deploy.sh does not exist");
    assertThat(result.stdout()).isEqualTo(Output.EMPTY);
  }

  @Test
  void reports_a_program_without_execute_permission_as_failed_to_start(@TempDir Path dir)
      throws Exception {
    Path script = Files.writeString(dir.resolve("deploy.sh"), "#!/bin/sh\necho hi\n");

    ProcessResult result = await(runner.start(spec(TIMEOUT, script.toString())));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED_TO_START);
    assertThat(result.startError()).isEqualTo("program " + script + " is not executable");
  }

  @Test
  void runs_in_the_given_working_directory_and_refuses_a_missing_one(@TempDir Path dir)
      throws Exception {
    ProcessResult inDir =
        await(
            runner.start(
                new ProcessSpec("run-1", List.of("pwd"), TestPrograms.ENV, dir, TIMEOUT, 4096)));
    Path missing = dir.resolve("missing");
    ProcessResult inMissing =
        await(
            runner.start(
                new ProcessSpec(
                    "run-1", List.of("pwd"), TestPrograms.ENV, missing, TIMEOUT, 4096)));

    assertThat(inDir.stdout().text()).isEqualTo(dir.toRealPath() + "\n");
    assertThat(inMissing.outcome()).isEqualTo(Outcome.FAILED_TO_START);
    assertThat(inMissing.startError())
        .isEqualTo("working directory " + missing + " does not exist");
  }

  @Test
  void reports_a_nul_character_in_an_argument_as_failed_to_start() {
    ProcessResult result = await(runner.start(spec(TIMEOUT, "argv.sh", "ok", "bad\0value")));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED_TO_START);
    assertThat(result.startError()).isEqualTo("argument 2 contains a NUL character");
  }

  @Test
  void completes_the_result_on_the_context_that_started_the_program() throws Exception {
    Context context = vertx.getOrCreateContext();
    Promise<Boolean> sameContext = Promise.promise();

    context.runOnContext(
        v ->
            runner
                .start(spec(TIMEOUT, "argv.sh"))
                .result()
                .onComplete(r -> sameContext.complete(Vertx.currentContext() == context)));

    assertThat(sameContext.future().await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void gives_the_program_exactly_the_variables_of_its_spec_and_nothing_else() {
    Map<String, String> env =
        Map.of("PATH", "/usr/bin:/bin", "GREETING", "hello world", "EMPTY", "");

    ProcessResult result =
        await(
            runner.start(
                new ProcessSpec("run-1", List.of("/usr/bin/env"), env, null, TIMEOUT, 4096)));

    assertThat(result.stdout().text().split("\n"))
        .containsExactlyInAnyOrder("PATH=/usr/bin:/bin", "GREETING=hello world", "EMPTY=");
  }

  @Test
  void passes_no_descriptor_but_stdin_stdout_and_stderr_to_the_program() {
    ProcessResult result = await(runner.start(spec(TIMEOUT, "ls", "/proc/self/fd")));

    // 3 is the directory ls itself opens to list /proc/self/fd.
    assertThat(result.stdout().text()).isEqualTo("0\n1\n2\n3\n");
  }

  @Test
  void starts_nothing_once_closed() {
    ProcessRunner closed = new ProcessRunner(vertx, Options.defaults().withLauncher(launcher()));
    closed.close();
    String marker = Long.toString(100_000 + System.nanoTime() % 100_000);

    ProcessResult result = await(closed.start(spec(TIMEOUT, "sleep", marker)));

    List<ProcessHandle> started =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).contains(marker))
            .toList();
    started.forEach(ProcessHandle::destroyForcibly);
    assertThat(started).as("programs started after close").isEmpty();
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED_TO_START);
    assertThat(result.startError()).endsWith(": the launcher is closed");
  }

  @Test
  void reports_the_status_of_a_program_ended_by_a_signal_as_128_plus_its_number() {
    ProcessResult result = await(runner.start(spec(TIMEOUT, "/bin/sh", "-c", "kill -TERM $$")));

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.exitCode()).isEqualTo(128 + 15);
  }

  @Test
  void keeps_the_first_bytes_of_a_stream_written_in_many_small_pieces_and_counts_the_rest() {
    ProcessResult result =
        await(
            runner.start(
                new ProcessSpec(
                    "run-1",
                    List.of("/bin/sh", "-c", "for i in $(seq 1 2000); do echo line $i; done"),
                    TestPrograms.ENV,
                    null,
                    TIMEOUT,
                    100)));

    assertThat(result.stdout().text()).hasSize(100).startsWith("line 1\nline 2\n");
    assertThat(result.stdout().totalBytes()).isEqualTo(expectedLines(2000));
    assertThat(result.stdout().truncated()).isTrue();
  }

  private static long expectedLines(int count) {
    long total = 0;
    for (int i = 1; i <= count; i++) {
      total += ("line " + i + "\n").length();
    }
    return total;
  }
}
