package dev.commandeer.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Commandeer's own run metrics. Labels stay bounded: command names come from the config, outcomes
 * from a fixed set; users and channels are never labels.
 */
public final class RunMetrics {

  private final MeterRegistry registry;

  public RunMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void finished(String command, String outcome, Duration elapsed) {
    Counter.builder("commandeer.runs")
        .description("Command runs by command and outcome")
        .tag("command", command)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    if (elapsed != null) {
      Timer.builder("commandeer.run.duration")
          .description("How long programs ran")
          .tag("command", command)
          .publishPercentileHistogram()
          .register(registry)
          .record(elapsed);
    }
  }

  void truncated(String command) {
    Counter.builder("commandeer.run.output.truncated")
        .description("Runs whose output was longer than the capture cap")
        .tag("command", command)
        .register(registry)
        .increment();
  }
}
