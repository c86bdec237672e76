package dev.commandeer.config;

import java.time.Duration;

/** "At most {@code count} runs per {@code window}", written {@code 5/1m} in YAML. */
public record Rate(int count, Duration window) {

  /** The longest window a configuration may give. */
  public static final Duration MAX_WINDOW = Duration.ofDays(1);

  public Rate {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
  }

  @Override
  public String toString() {
    return count + "/" + Durations.format(window);
  }
}
