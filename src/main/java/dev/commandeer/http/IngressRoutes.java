package dev.commandeer.http;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Incoming;
import dev.commandeer.command.Dispatcher;
import dev.commandeer.config.TokenConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves every {@link HttpIngress} the same way: each request is read within the body limit, its
 * fields decoded, its token checked before anything else is looked at, its conversation opened and
 * dispatched, and the reply written in the conversation's wire format.
 */
final class IngressRoutes {

  private final BoundedBody bodies;
  private final Tokens tokens;
  private final Dispatcher dispatcher;
  private final HttpMetrics metrics;
  private final Health health;
  private final AtomicInteger inFlight = new AtomicInteger();

  IngressRoutes(
      BoundedBody bodies,
      Tokens tokens,
      Dispatcher dispatcher,
      HttpMetrics metrics,
      Health health) {
    this.bodies = bodies;
    this.tokens = tokens;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.health = health;
  }

  /** Requests being answered right now. */
  int inFlight() {
    return inFlight.get();
  }

  void handle(RoutingContext ctx, HttpIngress ingress) {
    if (health.draining()) {
      ctx.fail(new HttpFailure(503, "Commandeer is shutting down; try again in a moment"));
      return;
    }
    inFlight.incrementAndGet();
    ctx.addEndHandler(v -> inFlight.decrementAndGet());
    HttpServerRequest request = ctx.request();
    bodies
        .read(request)
        .map(body -> decode(ingress, request, body))
        .compose(this::dispatch)
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> dispatch(Incoming incoming) {
    TokenConfig token = tokens.match(incoming.token()).orElse(null);
    if (token == null) {
      metrics.authFailure(incoming.token() == null ? "missing" : "unknown");
      return Future.failedFuture(new HttpFailure(401, "unknown or missing token"));
    }
    Conversation conversation;
    try {
      conversation = incoming.open(token.name());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new BadRequest(e.getMessage()));
    }
    return dispatcher.dispatch(conversation, token).map(conversation::render);
  }

  private static Incoming decode(HttpIngress ingress, HttpServerRequest request, Buffer body) {
    HttpIngress.Fields fields = fields(ingress, request, body);
    try {
      return ingress.decoder().decode(fields);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private static HttpIngress.Fields fields(
      HttpIngress ingress, HttpServerRequest request, Buffer body) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (request.method() == HttpMethod.GET) {
      String query = request.query();
      return new HttpIngress.Fields(
          FormDecoder.decode(query == null ? "" : query), null, authorization);
    }
    String type = mediaType(request);
    if (!ingress.mediaTypes().contains(type)) {
      throw unsupported(ingress, request);
    }
    return HttpIngress.JSON.equals(type)
        ? new HttpIngress.Fields(Map.of(), jsonObject(body), authorization)
        : new HttpIngress.Fields(FormDecoder.decode(body.getBytes()), null, authorization);
  }

  private static String mediaType(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null) {
      return "";
    }
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static HttpFailure unsupported(HttpIngress ingress, HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    return new HttpFailure(
        415,
        "unsupported Content-Type "
            + (type == null ? "(none)" : "'" + Responses.printable(type, 80) + "'")
            + "; send "
            + String.join(" or ", ingress.mediaTypes()));
  }

  private static JsonObject jsonObject(Buffer body) {
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new BadRequest("malformed JSON body");
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new BadRequest("the JSON body must be an object");
  }
}
