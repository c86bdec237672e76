package dev.commandeer.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters the HTTP layer keeps besides Vert.x's own per-route request metrics. */
public final class HttpMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> rejections = new ConcurrentHashMap<>();

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void authFailure(String reason) {
    authFailures
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("commandeer.auth.failures")
                    .description("Requests refused for a missing or unknown token")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  void rejected(int status) {
    rejections
        .computeIfAbsent(
            status,
            s ->
                Counter.builder("commandeer.http.rejected")
                    .description("Requests refused with a client error")
                    .tag("status", Integer.toString(s))
                    .register(registry))
        .increment();
  }
}
