package dev.commandeer.store;

import java.util.Objects;

/**
 * What {@link Store#insertRunOnce} did: recorded the run, or found its key held by an earlier run.
 *
 * @param run the run as recorded (under a fresh id when its own was taken), or null
 * @param heldBy the id of the run that holds the key, or null when {@code run} was recorded
 */
public record RunClaim(RunRecord run, String heldBy) {

  public RunClaim {
    if ((run == null) == (heldBy == null)) {
      throw new IllegalArgumentException("either a recorded run or the run holding the key");
    }
  }

  static RunClaim recorded(RunRecord run) {
    return new RunClaim(Objects.requireNonNull(run, "run"), null);
  }

  static RunClaim held(String runId) {
    return new RunClaim(null, Objects.requireNonNull(runId, "runId"));
  }

  /** True when the key was free and the run is recorded. */
  public boolean recorded() {
    return run != null;
  }
}
