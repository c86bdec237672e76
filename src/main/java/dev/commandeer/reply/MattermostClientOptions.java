package dev.commandeer.reply;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard {@link MattermostClient} tries before giving up, and when it stops calling a failing
 * server for a while.
 *
 * @param retry how failed calls are retried
 * @param breaker when calls stop for a while after repeated failures
 * @param cacheSize how many thread roots and {@code response_url} use counts are remembered
 */
public record MattermostClientOptions(Retry retry, Breaker breaker, int cacheSize) {

  public MattermostClientOptions {
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(breaker, "breaker");
    if (cacheSize < 1) {
      throw new IllegalArgumentException("cacheSize must be at least 1");
    }
  }

  public static MattermostClientOptions defaults() {
    return new MattermostClientOptions(Retry.defaults(), Breaker.defaults(), 10_000);
  }

  public MattermostClientOptions withRetry(Retry retry) {
    return new MattermostClientOptions(retry, breaker, cacheSize);
  }

  public MattermostClientOptions withBreaker(Breaker breaker) {
    return new MattermostClientOptions(retry, breaker, cacheSize);
  }

  /**
   * Retries of connection errors, timeouts, 5xx and 429 answers.
   *
   * @param maxAttempts calls per request, the first included
   * @param initialBackoff wait before the first retry; later waits grow by {@code multiplier}
   * @param jitter how far each wait may stray at random, as a fraction of it (0 to 1)
   * @param maxBackoff the longest wait between two attempts
   * @param maxRetryAfter the longest {@code Retry-After} honoured; longer ones are capped
   * @param deadline the most time one request may take over all its attempts. Mattermost forgets a
   *     {@code pending_post_id} after 30 s, so longer deadlines could post twice.
   */
  public record Retry(
      int maxAttempts,
      Duration initialBackoff,
      double multiplier,
      double jitter,
      Duration maxBackoff,
      Duration maxRetryAfter,
      Duration deadline) {

    public Retry {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      requirePositive(initialBackoff, "initialBackoff");
      requirePositive(maxBackoff, "maxBackoff");
      requirePositive(maxRetryAfter, "maxRetryAfter");
      requirePositive(deadline, "deadline");
      if (multiplier < 1) {
        throw new IllegalArgumentException("multiplier must be at least 1");
      }
      if (jitter < 0 || jitter >= 1) {
        throw new IllegalArgumentException("jitter must be at least 0 and below 1");
      }
    }

    public static Retry defaults() {
      return new Retry(
          5,
          Duration.ofMillis(250),
          2.0,
          0.5,
          Duration.ofSeconds(8),
          Duration.ofSeconds(60),
          Duration.ofSeconds(30));
    }

    /** A single attempt: failures are reported at once. */
    public static Retry never() {
      return new Retry(
          1,
          Duration.ofMillis(1),
          1.0,
          0.0,
          Duration.ofMillis(1),
          Duration.ofMillis(1),
          Duration.ofSeconds(30));
    }
  }

  /**
   * The circuit breaker in front of Mattermost.
   *
   * @param windowSize how many recent calls are judged
   * @param minimumCalls calls needed in the window before it can open
   * @param failureRatePercent share of failed calls (connection errors, timeouts, 5xx) that opens
   *     it
   * @param openWait how long it stays open before letting trial calls through
   * @param halfOpenCalls trial calls that decide whether it closes again
   */
  public record Breaker(
      int windowSize,
      int minimumCalls,
      float failureRatePercent,
      Duration openWait,
      int halfOpenCalls) {

    public Breaker {
      if (windowSize < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
        throw new IllegalArgumentException("windowSize, minimumCalls, halfOpenCalls must be >= 1");
      }
      if (failureRatePercent <= 0 || failureRatePercent > 100) {
        throw new IllegalArgumentException("failureRatePercent must be in (0, 100]");
      }
      requirePositive(openWait, "openWait");
    }

    public static Breaker defaults() {
      return new Breaker(20, 10, 50f, Duration.ofSeconds(30), 2);
    }
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
