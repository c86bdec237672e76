package dev.commandeer.reply;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * A Mattermost server for tests: a real HTTP server on a free port that answers the REST calls and
 * {@code response_url} posts Commandeer makes, the way Mattermost does (status codes, AppError
 * bodies, thread rules, {@code pending_post_id} de-duplication, five uses per response_url).
 *
 * <p>Tests arrange the world ({@link #seedPost}), inject trouble ({@link #failNext}, {@link
 * #rateLimitNext}, {@link #delayNext}, {@link #down()}), and inspect what arrived ({@link
 * #posts()}, {@link #requests()}, {@link #responses}) or wait for it ({@link #awaitPosts} and
 * friends complete as soon as their condition holds). Injected troubles apply to the next requests
 * in the order they were asked for, whatever their path.
 */
public final class FakeMattermost {

  private enum Trouble {
    FAIL,
    RATE_LIMIT,
    DELAY
  }

  private record Fault(Trouble trouble, int status, int retryAfterSeconds, Duration delay) {}

  private record Waiter(BooleanSupplier condition, Promise<Void> promise) {}

  static final int MAX_MESSAGE_RUNES = 16_383;
  static final int HOOK_USES = 5;
  private static final Duration PENDING_POST_ID_TTL = Duration.ofSeconds(30);
  private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final byte[] botToken;
  private final String botUserId = newId();
  private final Router router;
  private volatile HttpServer server;
  private volatile int port;

  private final Map<String, FakePost> allPosts = new LinkedHashMap<>();
  private final List<String> createdIds = new ArrayList<>();
  private final Map<String, String> postIdByPendingId = new LinkedHashMap<>();
  private final Map<String, Integer> hookUses = new LinkedHashMap<>();
  private final Map<String, List<JsonObject>> hookResponses = new LinkedHashMap<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private int answered;

  private FakeMattermost(Vertx vertx, String botToken) {
    this.vertx = vertx;
    this.botToken = botToken.getBytes(StandardCharsets.UTF_8);
    this.router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(1024 * 1024));
    router.route().handler(this::record);
    router.route().handler(this::troubleIfAsked);
    router.route("/api/v4/*").handler(this::authenticate);
    router.post("/api/v4/posts").handler(this::createPost);
    router.put("/api/v4/posts/:id/patch").handler(this::patchPost);
    router.get("/api/v4/posts/:id").handler(this::getPost);
    router.post("/hooks/commands/:id").handler(this::commandHook);
    router.route().handler(ctx -> appError(ctx, 404, "api.context.404.app_error", "Not found"));
    router
        .route()
        .failureHandler(ctx -> appError(ctx, 400, "api.context.invalid_param.app_error", "Bad."));
  }

  /** Starts a fake that accepts {@code botToken} as the bot's bearer token. */
  public static Future<FakeMattermost> start(Vertx vertx, String botToken) {
    FakeMattermost fake = new FakeMattermost(vertx, botToken);
    return fake.listen(0).map(fake);
  }

  /** Such as {@code http://127.0.0.1:41234}; what {@code mattermost.url} should say. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The user id the fake gives the bot's posts. */
  public String botUserId() {
    return botUserId;
  }

  public Future<Void> close() {
    HttpServer current = server;
    return current == null ? Future.succeededFuture() : current.close();
  }

  /** A fresh id in Mattermost's form: 26 lowercase letters and digits. */
  public static String newId() {
    StringBuilder id = new StringBuilder(26);
    for (int i = 0; i < 26; i++) {
      id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
    }
    return id.toString();
  }

  // --- arranging the world

  /** Stores a user's post (a trigger post, say), a reply when {@code rootId} is not empty. */
  public String seedPost(String channelId, String rootId) {
    return seedPost(channelId, rootId, "trigger");
  }

  public synchronized String seedPost(String channelId, String rootId, String message) {
    FakePost post =
        new FakePost(
            newId(),
            channelId,
            rootId == null ? "" : rootId,
            message,
            Map.of(),
            "user" + newId().substring(4),
            "",
            System.currentTimeMillis(),
            0);
    allPosts.put(post.id(), post);
    return post.id();
  }

  /** A response_url as Mattermost would send with a slash command, on this server. */
  public String newResponseUrl() {
    return baseUrl() + "/hooks/commands/" + newId();
  }

  // --- injecting trouble

  /** The next {@code n} requests get {@code status} with an AppError body. */
  public synchronized FakeMattermost failNext(int n, int status) {
    for (int i = 0; i < n; i++) {
      faults.add(new Fault(Trouble.FAIL, status, 0, Duration.ZERO));
    }
    return this;
  }

  /** The next {@code n} requests get 429 {@code limit exceeded} with {@code Retry-After}. */
  public synchronized FakeMattermost rateLimitNext(int n, int retryAfterSeconds) {
    for (int i = 0; i < n; i++) {
      faults.add(new Fault(Trouble.RATE_LIMIT, 429, retryAfterSeconds, Duration.ZERO));
    }
    return this;
  }

  /** The next {@code n} requests are handled normally, but only after {@code delay}. */
  public synchronized FakeMattermost delayNext(int n, Duration delay) {
    for (int i = 0; i < n; i++) {
      faults.add(new Fault(Trouble.DELAY, 0, 0, delay));
    }
    return this;
  }

  /** Stops listening and drops open connections: calls fail until {@link #up()}. */
  public Future<Void> down() {
    return close();
  }

  /** Listens again on the same port. */
  public Future<Void> up() {
    return listen(port).mapEmpty();
  }

  // --- inspecting

  /** Posts created through the REST API, oldest first (seeded posts are not included). */
  public synchronized List<FakePost> posts() {
    return createdIds.stream().map(allPosts::get).toList();
  }

  /** Any stored post, seeded or created. */
  public synchronized Optional<FakePost> post(String id) {
    return Optional.ofNullable(allPosts.get(id));
  }

  /** Every request that reached the server, in arrival order. */
  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Requests whose path starts with {@code pathPrefix}. */
  public synchronized List<RecordedRequest> requests(String method, String pathPrefix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
        .toList();
  }

  /** Bodies accepted by a response_url, as JSON ({@code {"text": …}} for plain text). */
  public synchronized List<JsonObject> responses(String hookId) {
    return List.copyOf(hookResponses.getOrDefault(hookId, List.of()));
  }

  /** The hook id at the end of a response_url. */
  public static String hookIdOf(String responseUrl) {
    return responseUrl.substring(responseUrl.lastIndexOf('/') + 1);
  }

  public Future<List<FakePost>> awaitPosts(int count) {
    return until(() -> createdIds.size() >= count).map(v -> posts());
  }

  public Future<List<RecordedRequest>> awaitRequests(int count) {
    return until(() -> requests.size() >= count).map(v -> requests());
  }

  public Future<List<JsonObject>> awaitResponses(String hookId, int count) {
    return until(() -> hookResponses.getOrDefault(hookId, List.of()).size() >= count)
        .map(v -> responses(hookId));
  }

  /** Completes once {@code count} requests have been answered, delayed ones included. */
  public Future<Void> awaitAnswered(int count) {
    return until(() -> answered >= count);
  }

  // --- serving

  private Future<HttpServer> listen(int onPort) {
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(onPort, "127.0.0.1")
        .onSuccess(
            listening -> {
              server = listening;
              port = listening.actualPort();
            });
  }

  private void record(RoutingContext ctx) {
    Map<String, List<String>> headers = new TreeMap<>();
    ctx.request()
        .headers()
        .forEach(
            h ->
                headers
                    .computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.getValue()));
    String body = ctx.body().available() ? ctx.body().asString() : "";
    RecordedRequest request =
        new RecordedRequest(
            ctx.request().method().name(),
            ctx.request().path(),
            Map.copyOf(headers),
            body == null ? "" : body,
            Instant.now());
    synchronized (this) {
      requests.add(request);
    }
    changed();
    ctx.next();
  }

  private void troubleIfAsked(RoutingContext ctx) {
    Fault fault;
    synchronized (this) {
      fault = faults.poll();
    }
    if (fault == null) {
      ctx.next();
    } else if (fault.trouble() == Trouble.DELAY) {
      vertx.setTimer(Math.max(1, fault.delay().toMillis()), id -> ctx.next());
    } else if (fault.trouble() == Trouble.RATE_LIMIT) {
      ctx.response().putHeader("Retry-After", Integer.toString(fault.retryAfterSeconds()));
      answer(ctx, 429, "text/plain; charset=utf-8", "limit exceeded\n");
    } else {
      appError(ctx, fault.status(), "fake.injected.app_error", "Injected failure");
    }
  }

  private void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7);
    } else if (header != null && header.regionMatches(true, 0, "Token ", 0, 6)) {
      token = header.substring(6);
    }
    if (token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), botToken)) {
      ctx.next();
    } else {
      appError(
          ctx,
          401,
          "api.context.session_expired.app_error",
          "Invalid or expired session, please login again.");
    }
  }

  private void createPost(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null || body.getString("channel_id", "").isEmpty()) {
      appError(ctx, 400, "api.context.invalid_param.app_error", "Invalid or missing post.");
      return;
    }
    String message = body.getString("message", "");
    if (message.codePointCount(0, message.length()) > MAX_MESSAGE_RUNES) {
      appError(ctx, 400, "model.post.is_valid.message_length.app_error", "Message too long.");
      return;
    }
    FakePost post;
    synchronized (this) {
      String problem = rootProblem(body.getString("channel_id"), body.getString("root_id", ""));
      if (problem != null) {
        appError(ctx, 400, problem, "Invalid RootId parameter.");
        return;
      }
      post = storeOrRecall(body, message);
    }
    changed();
    answer(ctx, 201, "application/json", post.toJson().encode());
  }

  private String rootProblem(String channelId, String rootId) {
    if (rootId.isEmpty()) {
      return null;
    }
    FakePost root = allPosts.get(rootId);
    if (root == null || root.isReply()) {
      return "api.post.create_post.root_id.app_error";
    }
    return root.channelId().equals(channelId)
        ? null
        : "api.post.create_post.channel_root_id.app_error";
  }

  private FakePost storeOrRecall(JsonObject body, String message) {
    String pendingId = body.getString("pending_post_id", "");
    long now = System.currentTimeMillis();
    FakePost earlier = allPosts.get(postIdByPendingId.getOrDefault(pendingId, ""));
    if (earlier != null && now - earlier.createAt() < PENDING_POST_ID_TTL.toMillis()) {
      return earlier;
    }
    Map<String, Object> props =
        new LinkedHashMap<>(body.getJsonObject("props", new JsonObject()).getMap());
    props.put("from_bot", "true");
    FakePost post =
        new FakePost(
            newId(),
            body.getString("channel_id"),
            body.getString("root_id", ""),
            message,
            Map.copyOf(props),
            botUserId,
            pendingId,
            now,
            0);
    allPosts.put(post.id(), post);
    createdIds.add(post.id());
    if (!pendingId.isEmpty()) {
      postIdByPendingId.put(pendingId, post.id());
    }
    return post;
  }

  private void patchPost(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    String id = ctx.pathParam("id");
    FakePost patched;
    synchronized (this) {
      FakePost post = allPosts.get(id);
      if (post == null || body == null) {
        appError(
            ctx, post == null ? 404 : 400, "app.post.get.app_error", "Unable to get the post.");
        return;
      }
      patched =
          post.withMessage(body.getString("message", post.message()), System.currentTimeMillis());
      allPosts.put(id, patched);
    }
    changed();
    answer(ctx, 200, "application/json", patched.toJson().encode());
  }

  private void getPost(RoutingContext ctx) {
    Optional<FakePost> post = post(ctx.pathParam("id"));
    if (post.isEmpty()) {
      appError(ctx, 404, "app.post.get.app_error", "Unable to get the post.");
    } else {
      answer(ctx, 200, "application/json", post.get().toJson().encode());
    }
  }

  private void commandHook(RoutingContext ctx) {
    String hookId = ctx.pathParam("id");
    synchronized (this) {
      int used = hookUses.getOrDefault(hookId, 0);
      if (used >= HOOK_USES) {
        appError(ctx, 400, "app.command_webhook.try_use.invalid", "Invalid webhook.");
        return;
      }
      hookUses.put(hookId, used + 1);
    }
    String contentType = ctx.request().getHeader("Content-Type");
    JsonObject response =
        contentType != null && contentType.split(";")[0].trim().equals("application/json")
            ? jsonBody(ctx)
            : new JsonObject().put("text", ctx.body().asString());
    if (response == null) {
      appError(ctx, 400, "web.command_webhook.parse.app_error", "Unable to parse.");
      return;
    }
    synchronized (this) {
      hookResponses.computeIfAbsent(hookId, k -> new ArrayList<>()).add(response);
    }
    answer(ctx, 200, "text/plain", "ok");
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  private void appError(RoutingContext ctx, int status, String id, String message) {
    String requestId = newId();
    JsonObject error =
        new JsonObject()
            .put("id", id)
            .put("message", message)
            .put("detailed_error", "")
            .put("request_id", requestId)
            .put("status_code", status);
    ctx.response().putHeader("X-Request-Id", requestId);
    answer(ctx, status, "application/json", error.encode());
  }

  private void answer(RoutingContext ctx, int status, String contentType, String body) {
    // A caller that timed out may have gone; the work above is done all the same.
    if (!ctx.response().closed() && !ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body);
    }
    synchronized (this) {
      answered++;
    }
    changed();
  }

  // --- waiting

  /** Completes once {@code condition} holds; it is checked after every change the fake sees. */
  public Future<Void> until(BooleanSupplier condition) {
    synchronized (this) {
      if (condition.getAsBoolean()) {
        return Future.succeededFuture();
      }
      Waiter waiter = new Waiter(condition, Promise.promise());
      waiters.add(waiter);
      return waiter.promise().future();
    }
  }

  private void changed() {
    List<Promise<Void>> ready = new ArrayList<>();
    synchronized (this) {
      waiters.removeIf(
          w -> {
            boolean holds = w.condition().getAsBoolean();
            if (holds) {
              ready.add(w.promise());
            }
            return holds;
          });
    }
    ready.forEach(Promise::complete);
  }
}
