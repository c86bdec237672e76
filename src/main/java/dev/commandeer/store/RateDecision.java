package dev.commandeer.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether one more run fits in its rate window.
 *
 * @param retryAfter when denied, how long until the window has room again; zero when allowed
 */
public record RateDecision(boolean allowed, Duration retryAfter) {

  public RateDecision {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (allowed) {
      retryAfter = Duration.ZERO;
    }
  }

  public static RateDecision allow() {
    return new RateDecision(true, Duration.ZERO);
  }

  public static RateDecision deny(Duration retryAfter) {
    return new RateDecision(false, retryAfter);
  }
}
