package dev.commandeer.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run ended.
 *
 * @param exitCode the program's exit status; -1 when it was killed (timeout, cancel, aborted) or
 *     never started
 * @param elapsed from the start until the program ended (or until the start failed)
 * @param startError why the program could not be started, or why it was aborted; null otherwise
 */
public record ProcessResult(
    int exitCode,
    Outcome outcome,
    Duration elapsed,
    Output stdout,
    Output stderr,
    String startError) {

  public enum Outcome {
    EXITED,
    TIMED_OUT,
    CANCELLED,
    FAILED_TO_START,
    /**
     * The service lost track of the running program (the process that launched it died), killed it
     * and reports what it knows; {@code startError} says what happened.
     */
    ABORTED
  }

  /**
   * What a program wrote on one stream.
   *
   * @param text the captured bytes as UTF-8, malformed bytes replaced; a character cut by the cap
   *     is left out
   * @param totalBytes everything the program wrote, captured or not
   * @param truncated whether more was written than captured
   */
  public record Output(String text, long totalBytes, boolean truncated) {
    public static final Output EMPTY = new Output("", 0, false);

    public Output {
      Objects.requireNonNull(text, "text");
    }
  }

  public ProcessResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  static ProcessResult failedToStart(String why, Duration elapsed) {
    return new ProcessResult(-1, Outcome.FAILED_TO_START, elapsed, Output.EMPTY, Output.EMPTY, why);
  }

  public boolean succeeded() {
    return outcome == Outcome.EXITED && exitCode == 0;
  }
}
