package dev.commandeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commandeer.http.RawHttp;
import dev.commandeer.http.TestService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The JVM's own metrics are bound by the time a service has started, however it was built, and
 * bound once.
 */
class JvmMetricsTest {

  private static final String CONFIG =
      """
      server: {host: 127.0.0.1, port: 0}
      tokens: [{name: t, value: a-token-of-sixteen-chars}]
      """;

  @Test
  void a_service_built_on_the_calling_thread_shows_the_jvm_metrics_once_started() {
    assertShowsJvmMetrics(Commandeer.start(TestService.config(CONFIG)).await());
  }

  @Test
  void a_service_built_on_a_prepared_foundation_shows_the_jvm_metrics_once_started() {
    Foundation foundation = Foundation.prepare().join();

    assertShowsJvmMetrics(Commandeer.start(TestService.config(CONFIG), foundation).await());
  }

  @Test
  void binding_them_after_they_were_closed_binds_nothing() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JvmMetrics metrics = new JvmMetrics();

    metrics.close();
    metrics.bindTo(registry);

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void they_are_bound_once() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JvmMetrics metrics = new JvmMetrics();
    try {
      metrics.bindTo(registry);

      assertThat(registry.find("jvm.gc.overhead").gauge()).isNotNull();
      assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class);
    } finally {
      metrics.close();
    }
  }

  private static void assertShowsJvmMetrics(Commandeer service) {
    try {
      String metrics =
          RawHttp.send(service.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").body();

      assertThat(metrics)
          .contains(
              "jvm_classes_loaded_classes",
              "jvm_compilation_time_ms_total",
              "jvm_gc_overhead",
              "jvm_gc_memory_allocated_bytes_total",
              "jvm_info{",
              "jvm_memory_used_bytes{",
              "jvm_threads_live_threads",
              "process_cpu_usage",
              "system_cpu_count",
              "process_uptime_seconds");
    } finally {
      service.stop().await();
    }
  }
}
