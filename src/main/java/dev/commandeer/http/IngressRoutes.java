package dev.commandeer.http;

import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.command.Dispatcher;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.slash.SlashReply;
import dev.commandeer.slash.SlashRequest;
import dev.commandeer.webhook.WebhookReply;
import dev.commandeer.webhook.WebhookRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The two ways Mattermost calls in. Each request is read within the body limit, decoded, its token
 * checked before anything else is looked at, turned into an {@link Invocation}, dispatched, and the
 * reply written in the wire format of its ingress.
 */
final class IngressRoutes {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";

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

  /** A request decoded far enough to read its token; the rest is checked only once it passes. */
  private record Decoded(String token, Function<String, Invocation> invocation) {}

  void webhook(RoutingContext ctx) {
    handle(ctx, IngressRoutes::decodeWebhook, WebhookReply::toJson);
  }

  void slash(RoutingContext ctx) {
    handle(ctx, IngressRoutes::decodeSlash, SlashReply::toJson);
  }

  private void handle(
      RoutingContext ctx,
      BiFunction<HttpServerRequest, Buffer, Decoded> decode,
      Function<Reply, JsonObject> render) {
    if (health.draining()) {
      ctx.fail(new HttpFailure(503, "Commandeer is shutting down; try again in a moment"));
      return;
    }
    inFlight.incrementAndGet();
    ctx.addEndHandler(v -> inFlight.decrementAndGet());
    HttpServerRequest request = ctx.request();
    bodies
        .read(request)
        .map(body -> decode.apply(request, body))
        .compose(this::dispatch)
        .map(render)
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  private Future<Reply> dispatch(Decoded decoded) {
    TokenConfig token = tokens.match(decoded.token()).orElse(null);
    if (token == null) {
      metrics.authFailure(decoded.token() == null ? "missing" : "unknown");
      return Future.failedFuture(new HttpFailure(401, "unknown or missing token"));
    }
    Invocation invocation;
    try {
      invocation = decoded.invocation().apply(token.name());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new BadRequest(e.getMessage()));
    }
    return dispatcher.dispatch(invocation, token);
  }

  private static Decoded decodeWebhook(HttpServerRequest request, Buffer body) {
    WebhookRequest webhook;
    try {
      webhook =
          switch (mediaType(request)) {
            case JSON -> WebhookRequest.fromJson(jsonObject(body));
            case FORM -> WebhookRequest.fromForm(FormDecoder.decode(body.getBytes()));
            default -> throw unsupported(request);
          };
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    return new Decoded(webhook.token(), webhook::toInvocation);
  }

  private static Decoded decodeSlash(HttpServerRequest request, Buffer body) {
    Map<String, List<String>> fields;
    if (request.method() == HttpMethod.GET) {
      String query = request.query();
      fields = FormDecoder.decode(query == null ? "" : query);
    } else if (FORM.equals(mediaType(request))) {
      fields = FormDecoder.decode(body.getBytes());
    } else {
      throw unsupported(request);
    }
    SlashRequest slash;
    try {
      slash = SlashRequest.from(fields, request.getHeader(HttpHeaders.AUTHORIZATION));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    return new Decoded(slash.token(), slash::toInvocation);
  }

  private static String mediaType(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null) {
      return "";
    }
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static HttpFailure unsupported(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    return new HttpFailure(
        415,
        "unsupported Content-Type "
            + (type == null ? "(none)" : "'" + Responses.printable(type, 80) + "'")
            + "; send application/x-www-form-urlencoded"
            + (request.path().startsWith("/hooks") ? " or application/json" : ""));
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
