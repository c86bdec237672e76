package dev.commandeer.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: protocol failures get their 4xx with a short JSON message;
 * anything else is a bug, answered 500 and logged once with its cause.
 */
final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  private final HttpMetrics metrics;

  FailureHandler(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpFailure http) {
      metrics.rejected(http.status());
      LOG.debug(
          "{} {} -> {}: {}",
          ctx.request().method(),
          ctx.request().path(),
          http.status(),
          http.getMessage());
      if (http.status() == 413) {
        // The rest of the body may still be arriving; do not read it.
        ctx.response().putHeader("Connection", "close");
        ctx.addEndHandler(v -> ctx.request().connection().close());
      }
      Responses.error(ctx, http.status(), http.getMessage());
      return;
    }
    int status = ctx.statusCode();
    if (failure == null && status >= 400 && status < 500) {
      metrics.rejected(status);
      Responses.error(ctx, status, reason(status));
      return;
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    Responses.error(ctx, 500, "internal error; see Commandeer's log");
  }

  static String reason(int status) {
    return switch (status) {
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 413 -> "request body too large";
      default -> "bad request";
    };
  }
}
