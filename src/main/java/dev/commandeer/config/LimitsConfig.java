package dev.commandeer.config;

/**
 * Service-wide limits.
 *
 * @param perUser runs per user per window over all commands, or null for none
 * @param running external programs running at once in this replica
 * @param queue runs that may wait beyond {@code running}; more are refused
 */
public record LimitsConfig(Rate perUser, int running, int queue) {

  public static LimitsConfig defaults() {
    return new LimitsConfig(new Rate(30, java.time.Duration.ofMinutes(1)), 8, 200);
  }
}
