package dev.commandeer.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters the HTTP layer keeps besides Vert.x's own per-route request metrics. */
public final class HttpMetrics {

  private final MeterRegistry registry;

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void authFailure(String reason) {
    Counter.builder("commandeer.auth.failures")
        .description("Requests refused for a missing or unknown token")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  void rejected(int status) {
    Counter.builder("commandeer.http.rejected")
        .description("Requests refused with a client error")
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }
}
