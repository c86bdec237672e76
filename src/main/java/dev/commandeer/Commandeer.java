package dev.commandeer;

import dev.commandeer.command.BuiltinCommands;
import dev.commandeer.command.CommandCatalog;
import dev.commandeer.command.Dispatcher;
import dev.commandeer.command.Invocation;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.http.CommandeerServer;
import dev.commandeer.http.Health;
import dev.commandeer.http.HttpMetrics;
import dev.commandeer.reply.Reply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a running service from a {@link Config} with
 * {@code new}, deploys the HTTP server, and takes it all down again.
 */
public final class Commandeer {

  private static final Logger LOG = LoggerFactory.getLogger(Commandeer.class);

  private final Vertx vertx;
  private final CommandeerServer server;
  private final Health health;

  private Commandeer(Vertx vertx, CommandeerServer server, Health health) {
    this.vertx = vertx;
    this.server = server;
    this.health = health;
  }

  /** Starts a service; the future completes once it listens. */
  public static Future<Commandeer> start(Config config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder().with(vertxOptions()).withMetrics(new MicrometerMetricsFactory(registry)).build();
    Health health = new Health(Future::succeededFuture);
    Dispatcher dispatcher = new Dispatcher(new CommandCatalog(config), new BuiltinCommands());
    CommandeerServer server =
        new CommandeerServer(
            config,
            dispatcher,
            health,
            new HttpMetrics(registry),
            PrometheusScrapingHandler.create(registry));
    return vertx
        .deployVerticle(server)
        .map(id -> new Commandeer(vertx, server, health))
        .onSuccess(c -> LOG.info("Commandeer listening on port {}", c.port()))
        .recover(e -> vertx.close().transform(v -> Future.failedFuture(e)));
  }

  /** Runs one invocation without a server, as {@code commandeer try} does. */
  public static Future<Reply> tryOnce(Config config, Invocation invocation, TokenConfig token) {
    Dispatcher dispatcher = new Dispatcher(new CommandCatalog(config), new BuiltinCommands());
    return dispatcher.dispatch(invocation, token);
  }

  /**
   * The configuration itself when it has tokens; otherwise one with a random token, announced once
   * in the log, so a first try works without writing any config.
   */
  public static Config withStartupToken(Config config) {
    if (!config.tokens().isEmpty()) {
      return config;
    }
    byte[] random = new byte[20];
    new SecureRandom().nextBytes(random);
    String value = HexFormat.of().formatHex(random);
    LOG.warn(
        "No token is configured, so this run accepts only the generated token {} — put it in"
            + " the Mattermost webhook or slash command, or configure tokens: in commandeer.yaml",
        value);
    List<TokenConfig> tokens = new ArrayList<>();
    tokens.add(new TokenConfig("generated", value, List.of()));
    return new Config(
        config.server(),
        config.mattermost(),
        config.store(),
        tokens,
        config.commands(),
        config.limits(),
        config.admins(),
        config.log());
  }

  public int port() {
    return server.port();
  }

  /** Stops taking requests, then closes everything. */
  public Future<Void> stop() {
    health.drain();
    return vertx.close();
  }

  private static VertxOptions vertxOptions() {
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE))
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    return new VertxOptions().setMetricsOptions(metrics);
  }
}
