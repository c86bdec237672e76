package dev.commandeer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * What a service runs on: Vert.x with its metrics, and the Prometheus registry they report to.
 * Nothing here depends on the command line or the configuration, so {@code serve} has it built on a
 * thread of its own ({@link #prepare}) while picocli reads the command line and the configuration
 * is read: each of the three takes a good part of the start-up.
 */
public final class Foundation {

  private final PrometheusMeterRegistry registry;
  private final Vertx vertx;
  private final JvmMetrics jvmMetrics = new JvmMetrics();

  private Foundation(PrometheusMeterRegistry registry, Vertx vertx) {
    this.registry = registry;
    this.vertx = vertx;
  }

  /** Builds one on the calling thread. */
  static Foundation build() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.builder()
            .with(vertxOptions())
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    return new Foundation(registry, vertx);
  }

  /**
   * Starts building one on a new thread. Logging is set up first, on the calling thread: Vert.x
   * would otherwise be setting it up while the caller applies the configuration to it.
   */
  public static CompletableFuture<Foundation> prepare() {
    LoggerFactory.getILoggerFactory();
    CompletableFuture<Foundation> built = new CompletableFuture<>();
    Thread builder =
        new Thread(
            () -> {
              try {
                built.complete(build());
              } catch (RuntimeException | Error e) {
                built.completeExceptionally(e);
              }
            },
            "commandeer-foundation");
    builder.setDaemon(true);
    builder.start();
    return built;
  }

  /** Closes one that {@link #prepare} is building but that will not be used. */
  public static void discard(CompletableFuture<Foundation> prepared) {
    prepared.thenAccept(foundation -> foundation.vertx.close());
  }

  /**
   * Binds the JVM's own metrics to the registry on a worker thread: they load the JDK's management
   * classes, which the server need not wait for.
   */
  Future<Void> bindJvmMetrics() {
    return vertx.executeBlocking(
        () -> {
          jvmMetrics.bindTo(registry);
          return null;
        },
        false);
  }

  /** Stops what {@link #bindJvmMetrics} started listening to. */
  void closeJvmMetrics() {
    jvmMetrics.close();
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  Vertx vertx() {
    return vertx;
  }

  private static VertxOptions vertxOptions() {
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            // bound by bindJvmMetrics, off the start-up path
            .setJvmMetricsEnabled(false)
            .setLabels(
                EnumSet.of(
                    Label.HTTP_ROUTE,
                    Label.HTTP_METHOD,
                    Label.HTTP_CODE,
                    Label.POOL_TYPE,
                    Label.POOL_NAME))
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    return new VertxOptions().setMetricsOptions(metrics);
  }
}
