package dev.commandeer.http;

import dev.commandeer.command.Dispatcher;
import dev.commandeer.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP server: the ingress paths Mattermost calls, health, readiness and metrics. It only
 * wires; the work happens in {@link IngressRoutes} and below.
 */
public final class CommandeerServer extends VerticleBase {

  private final Config config;
  private final List<HttpIngress> ingresses;
  private final Tokens tokens;
  private final Dispatcher dispatcher;
  private final Health health;
  private final HttpMetrics metrics;
  private final Handler<RoutingContext> metricsEndpoint;
  private HttpServer server;
  private IngressRoutes ingress;

  /**
   * @param ingresses the ways Mattermost calls in
   * @param tokens the tokens requests are checked against
   * @param metricsEndpoint serves {@code GET /metrics}, or null when metrics are off
   */
  public CommandeerServer(
      Config config,
      List<HttpIngress> ingresses,
      Tokens tokens,
      Dispatcher dispatcher,
      Health health,
      HttpMetrics metrics,
      Handler<RoutingContext> metricsEndpoint) {
    this.config = config;
    this.ingresses = List.copyOf(ingresses);
    this.tokens = tokens;
    this.dispatcher = dispatcher;
    this.health = health;
    this.metrics = metrics;
    this.metricsEndpoint = metricsEndpoint;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.server().host())
            .setPort(config.server().port())
            .setMaxInitialLineLength(Math.max(4096, config.server().maxBodyBytes() + 1024))
            .setIdleTimeout(60)
            .setCompressionSupported(false);
    server = vertx.createHttpServer(options).requestHandler(router());
    return server.listen();
  }

  /** The port actually bound, useful when configured as 0. */
  public int port() {
    return server.actualPort();
  }

  /**
   * Completes once no Mattermost request is being answered, or after {@code wait}. Call after
   * {@link Health#drain()}, which makes new ones answer 503.
   */
  public Future<Void> idle(Duration wait) {
    long deadline = System.currentTimeMillis() + wait.toMillis();
    return idleBy(deadline);
  }

  private Future<Void> idleBy(long deadline) {
    if (ingress.inFlight() == 0 || System.currentTimeMillis() >= deadline) {
      return Future.succeededFuture();
    }
    return vertx.timer(50).compose(t -> idleBy(deadline));
  }

  private Router router() {
    Router router = Router.router(vertx);
    ingress =
        new IngressRoutes(
            new BoundedBody(config.server().maxBodyBytes()), tokens, dispatcher, metrics, health);
    for (HttpIngress each : ingresses) {
      each.methods()
          .forEach(m -> router.route(m, each.path()).handler(c -> ingress.handle(c, each)));
    }
    router.get("/healthz").handler(ctx -> Responses.json(ctx, 200, status("ok")));
    router.get("/readyz").handler(this::readiness);
    if (metricsEndpoint != null) {
      router.get("/metrics").handler(metricsEndpoint);
    }
    FailureHandler failures = new FailureHandler(metrics);
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }

  private void readiness(RoutingContext ctx) {
    health
        .ready()
        .onSuccess(v -> Responses.json(ctx, 200, status("ready")))
        .onFailure(e -> Responses.json(ctx, 503, status("not ready: " + e.getMessage())));
  }

  private static JsonObject status(String status) {
    return new JsonObject().put("status", status);
  }
}
