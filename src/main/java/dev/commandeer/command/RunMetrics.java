package dev.commandeer.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commandeer's own run metrics. Labels stay bounded: command names come from the config, outcomes
 * from a fixed set; users and channels are never labels. Meters are looked up once per label set,
 * not built on every run.
 */
public final class RunMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> runs = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> truncations = new ConcurrentHashMap<>();

  public RunMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void finished(String command, String outcome, Duration elapsed) {
    runs.computeIfAbsent(
            command + '\0' + outcome,
            k ->
                Counter.builder("commandeer.runs")
                    .description("Command runs by command and outcome")
                    .tag("command", command)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    if (elapsed != null) {
      durations
          .computeIfAbsent(
              command,
              k ->
                  Timer.builder("commandeer.run.duration")
                      .description("How long programs ran")
                      .tag("command", command)
                      .publishPercentileHistogram()
                      .register(registry))
          .record(elapsed);
    }
  }

  void truncated(String command) {
    truncations
        .computeIfAbsent(
            command,
            k ->
                Counter.builder("commandeer.run.output.truncated")
                    .description("Runs whose output was longer than the capture cap")
                    .tag("command", command)
                    .register(registry))
        .increment();
  }
}
