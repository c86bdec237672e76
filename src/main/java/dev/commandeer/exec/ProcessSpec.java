package dev.commandeer.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: an argv (element 0 is the program, a path or a name looked up on the {@code PATH} of
 * {@code env}), the program's whole environment, an optional working directory, a deadline counted
 * from the start, and the cap on each of stdout and stderr.
 *
 * @param cwd the working directory, or null for the service's own
 */
public record ProcessSpec(
    String runId,
    List<String> argv,
    Map<String, String> env,
    Path cwd,
    Duration timeout,
    int maxOutputBytes) {

  public ProcessSpec {
    Objects.requireNonNull(runId, "runId");
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    Objects.requireNonNull(timeout, "timeout");
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      throw new IllegalArgumentException("argv must name a program");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (maxOutputBytes < 0) {
      throw new IllegalArgumentException("maxOutputBytes must not be negative: " + maxOutputBytes);
    }
  }
}
