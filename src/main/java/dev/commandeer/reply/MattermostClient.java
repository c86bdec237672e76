package dev.commandeer.reply;

import dev.commandeer.chat.MessageText;
import dev.commandeer.config.MattermostConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.security.SecureRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to Mattermost as the bot: creates and edits posts, finds threads, and answers slash
 * commands through their {@code response_url}.
 *
 * <p>Every call has a timeout, is retried when that is safe (see {@link MattermostClientOptions})
 * and goes through one circuit breaker. Failures end the returned future with {@link
 * MattermostException} (Mattermost said no; {@link MattermostException#isTransient()} tells whether
 * to try again later) or {@link MattermostUnavailable} (not reachable, or paused). Each failure is
 * logged once here with Mattermost's error id; the bot token never is.
 */
public final class MattermostClient {

  private static final Logger LOG = LoggerFactory.getLogger(MattermostClient.class);
  private static final Pattern POST_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final WebClient web;
  private final String apiUrl;
  private final String authorization;
  private final ResilientCalls calls;
  private final ResponseUrls responseUrls;
  private final RecentEntries<String, String> threadRoots;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param config needs {@code url}; {@code botToken} too for all but {@link #respond}
   * @throws IllegalArgumentException when {@code config} has no URL
   */
  public MattermostClient(
      Vertx vertx,
      MattermostConfig config,
      MattermostClientOptions options,
      MeterRegistry registry) {
    String baseUrl =
        config
            .baseUrl()
            .orElseThrow(() -> new IllegalArgumentException("mattermost.url is not configured"));
    this.web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    this.apiUrl = baseUrl + "/api/v4";
    this.authorization = config.canPost() ? "Bearer " + config.botToken() : null;
    this.calls = new ResilientCalls(vertx, config.timeout(), options, registry);
    this.responseUrls = new ResponseUrls(baseUrl, options.cacheSize());
    this.threadRoots = new RecentEntries<>(options.cacheSize());
  }

  /** Creates a post; its retries are safe because they all carry one {@code pending_post_id}. */
  public Future<Post> createPost(NewPost post) {
    return createPost(post, newPendingPostId());
  }

  /**
   * Creates a post under a {@code pending_post_id} of the caller's choosing: Mattermost answers a
   * repeat within 30 seconds with the post it already made.
   */
  public Future<Post> createPost(NewPost post, String pendingPostId) {
    JsonObject body = post.toJson(pendingPostId);
    return logged("create_post", asBot("create_post", () -> web.postAbs(apiUrl + "/posts"), body));
  }

  /** Replaces a post's message. */
  public Future<Post> patchPost(String postId, String message) {
    JsonObject body = new JsonObject().put("message", MessageText.fit(message));
    return logged(
        "patch_post",
        postPath(postId, "/patch")
            .compose(url -> asBot("patch_post", () -> web.putAbs(url), body)));
  }

  /** Reads a post. */
  public Future<Post> getPost(String postId) {
    return logged(
        "get_post",
        postPath(postId, "").compose(url -> asBot("get_post", () -> web.getAbs(url), null)));
  }

  /**
   * The id to put in {@code root_id} to reply to a post: its thread's root when it is a reply, else
   * the post itself (Mattermost rejects a {@code root_id} that names a reply). Remembered, since a
   * post never changes threads.
   */
  public Future<String> threadRootOf(String postId) {
    String known = threadRoots.get(postId);
    return known != null ? Future.succeededFuture(known) : getPost(postId).map(Post::threadRoot);
  }

  /**
   * Sends a slash command response to the command's {@code response_url}. Only URLs under the
   * configured server's {@code /hooks/commands/} are called, each at most five times, and without
   * credentials: the URL itself is the secret. Every attempt, retries included, counts as a use, as
   * it does for Mattermost.
   */
  public Future<Void> respond(String responseUrl, JsonObject body) {
    Future<String> hookId;
    try {
      hookId = Future.succeededFuture(responseUrls.hookIdOf(responseUrl));
    } catch (IllegalArgumentException refused) {
      hookId = Future.failedFuture(refused);
    }
    return logged("respond", hookId.compose(id -> respondTo(id, body)).mapEmpty());
  }

  /** Stops the HTTP client; calls still under way fail. */
  public void close() {
    calls.close();
    web.close();
  }

  private Future<Post> asBot(String op, Supplier<HttpRequest<Buffer>> request, JsonObject body) {
    if (authorization == null) {
      return Future.failedFuture(
          new IllegalStateException("mattermost.botToken is not configured"));
    }
    return calls
        .call(
            op,
            timeout -> send(request.get().putHeader("Authorization", authorization), timeout, body))
        .map(response -> remember(Post.fromJson(response.bodyAsJsonObject())));
  }

  private Future<HttpResponse<Buffer>> respondTo(String hookId, JsonObject body) {
    String url = responseUrls.urlOf(hookId);
    return calls.call(
        "respond",
        timeout ->
            responseUrls.tryUse(hookId)
                ? send(web.postAbs(url), timeout, body)
                : Future.failedFuture(
                    new MattermostException(
                        400,
                        "app.command_webhook.try_use.invalid",
                        "this response_url was used " + ResponseUrls.MAX_USES + " times already")));
  }

  private static Future<HttpResponse<Buffer>> send(
      HttpRequest<Buffer> request, long timeoutMillis, JsonObject body) {
    request.timeout(timeoutMillis);
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  private Future<String> postPath(String postId, String suffix) {
    return postId != null && POST_ID.matcher(postId).matches()
        ? Future.succeededFuture(apiUrl + "/posts/" + postId + suffix)
        : Future.failedFuture(new IllegalArgumentException("not a Mattermost post id"));
  }

  private Post remember(Post post) {
    threadRoots.put(post.id(), post.threadRoot());
    return post;
  }

  private String newPendingPostId() {
    char[] id = new char[26];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
    }
    return new String(id) + ":" + System.currentTimeMillis();
  }

  private static <T> Future<T> logged(String op, Future<T> result) {
    return result.onFailure(failure -> logFailure(op, failure));
  }

  /** DEBUG: callers log the failure again with the run it belongs to, where it is handled. */
  private static void logFailure(String op, Throwable failure) {
    if (failure instanceof MattermostException answer) {
      LOG.debug(
          "Mattermost {} failed: status={} id={} {}",
          op,
          answer.status(),
          answer.errorId().isEmpty() ? "-" : answer.errorId(),
          answer.reason());
    } else {
      LOG.debug("Mattermost {} failed: {}", op, failure.getMessage());
    }
  }
}
