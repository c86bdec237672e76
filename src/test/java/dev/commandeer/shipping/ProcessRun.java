package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One finished run of a short-lived program: exit code and everything it printed. */
record ProcessRun(List<String> argv, int exitCode, String stdout, String stderr) {

  /** Runs {@code argv} to completion within {@code deadline}; output goes through files. */
  static ProcessRun of(
      Duration deadline, Path workDir, Map<String, String> env, List<String> argv) {
    try {
      Path out = Files.createTempFile("run", ".out");
      Path err = Files.createTempFile("run", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          fail("%s did not finish within %s", argv, deadline);
        }
        return new ProcessRun(
            argv,
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static ProcessRun of(Duration deadline, Path workDir, List<String> argv) {
    return of(deadline, workDir, Map.of(), argv);
  }

  /** This run, or a failed assertion that shows what the program said. */
  ProcessRun succeeded() {
    if (exitCode != 0) {
      fail("%s exited with %d%nstdout:%n%s%nstderr:%n%s", argv, exitCode, stdout, stderr);
    }
    return this;
  }
}
