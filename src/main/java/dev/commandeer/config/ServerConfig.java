package dev.commandeer.config;

import java.time.Duration;

/** Where and how the HTTP server listens. */
public record ServerConfig(
    String host, int port, int maxBodyBytes, Duration inlineBudget, Duration shutdownGrace) {

  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_BODY_BYTES = 65536;
  public static final Duration DEFAULT_INLINE_BUDGET = Duration.ofSeconds(2);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public static ServerConfig defaults() {
    return new ServerConfig(
        "0.0.0.0",
        DEFAULT_PORT,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_INLINE_BUDGET,
        DEFAULT_SHUTDOWN_GRACE);
  }
}
