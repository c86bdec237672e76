package dev.commandeer.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How a run ended.
 *
 * @param status a final status (not queued or running)
 * @param exitCode the program's exit status, or null when there is none
 * @param duration how long it ran, or null when it never started
 */
public record RunOutcome(
    RunStatus status, Integer exitCode, Instant finishedAt, Duration duration) {

  public RunOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(finishedAt, "finishedAt");
    if (status.isActive()) {
      throw new IllegalArgumentException("an outcome needs a final status, not " + status);
    }
    finishedAt = Times.micros(finishedAt);
    if (duration != null) {
      duration = duration.isNegative() ? Duration.ZERO : duration.truncatedTo(ChronoUnit.MILLIS);
    }
  }
}
