import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Mattermost for P3: just enough of the REST API for replies that come later, counting every
 * reply so the benchmark can check that each request was answered exactly once.
 *
 * <ul>
 *   <li>{@code GET /api/v4/posts/{id}}: the post, in the benchmark's channel; a thread root, or in
 *       thread mode a reply in a thread (see below)
 *   <li>{@code POST /api/v4/posts}: 201 with a fresh 26-character id; a repeated {@code
 *       pending_post_id} answers the post made before, as Mattermost does
 *   <li>{@code PUT /api/v4/posts/{id}/patch}: 200
 *   <li>{@code GET /stats}: the counts, as JSON
 *   <li>{@code POST /reset?threads=1&run=PREFIX}: forgets every count and sets the mode until the
 *       next reset; both parameters are optional
 * </ul>
 *
 * Each reply is traced to its request by the 26-character post id that the benchmark puts in the
 * command's text after the word {@code bench}. A message that starts with ⏳ is the placeholder
 * ("running…") that shows the request was accepted; any other is the final reply. {@code accepted}
 * counts requests with a placeholder, {@code delivered} requests with a final reply, {@code
 * missing} accepted requests without one, {@code duplicates} final replies beyond the first. With
 * {@code run=PREFIX}, replies to post ids that do not start with PREFIX (late replies to an earlier
 * run) are counted as {@code foreign} and nothing else.
 *
 * <p>Thread mode ({@code threads=1}) stands for commands typed inside a thread: every post that is
 * looked up is a reply whose {@code root_id} is its own id with the first character changed to
 * {@code r} ({@code q} for ids that start with {@code r}). Mattermost refuses a webhook's comment on
 * such a post, so Commandeer posts the answer into the root through the REST API; a final reply
 * created with exactly that {@code root_id} counts as {@code in_root}, one with any other as {@code
 * wrong_thread}. No placeholder is posted on this path, so {@code accepted} stays 0: the benchmark
 * takes it from the webhooks' answers instead.
 *
 * <p>Usage: {@code java -cp target/commandeer.jar:CLASSES FakeMattermost PORT}
 */
public final class FakeMattermost {

  private static final Pattern MARKER = Pattern.compile("bench ([a-z0-9]{26})");
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Integer> finals = new ConcurrentHashMap<>();
  private final Map<String, Boolean> placeholders = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> byPendingId = new ConcurrentHashMap<>();
  private final AtomicLong gets = new AtomicLong();
  private final AtomicLong creates = new AtomicLong();
  private final AtomicLong repeats = new AtomicLong();
  private final AtomicLong patches = new AtomicLong();
  private final AtomicLong unauthorized = new AtomicLong();
  private final AtomicLong shown = new AtomicLong();
  private final AtomicLong foreign = new AtomicLong();
  private final AtomicLong inRoot = new AtomicLong();
  private final AtomicLong wrongThread = new AtomicLong();
  private volatile boolean threads;
  private volatile String run = "";

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    FakeMattermost fake = new FakeMattermost();
    Vertx.vertx()
        .createHttpServer()
        .requestHandler(fake::handle)
        .listen(port, "127.0.0.1")
        .onSuccess(server -> System.out.println("fake Mattermost on " + server.actualPort()))
        .onFailure(
            e -> {
              e.printStackTrace();
              System.exit(1);
            });
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> answer(request, body));
  }

  private void answer(HttpServerRequest request, Buffer body) {
    String path = request.path();
    HttpMethod method = request.method();
    if (shown.getAndIncrement() < 20) {
      System.out.println(System.currentTimeMillis() + " " + method + " " + path + " " + body);
    }
    if (path.equals("/stats")) {
      json(request, 200, stats());
      return;
    }
    if (path.equals("/reset") && method == HttpMethod.POST) {
      finals.clear();
      placeholders.clear();
      byPendingId.clear();
      gets.set(0);
      creates.set(0);
      repeats.set(0);
      patches.set(0);
      unauthorized.set(0);
      foreign.set(0);
      inRoot.set(0);
      wrongThread.set(0);
      threads = "1".equals(request.getParam("threads"));
      run = request.getParam("run", "");
      json(request, 200, stats());
      return;
    }
    if (!path.startsWith("/api/v4/")) {
      json(request, 404, new JsonObject().put("message", "not found"));
      return;
    }
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      unauthorized.incrementAndGet();
      json(request, 401, new JsonObject().put("message", "no token"));
      return;
    }
    if (method == HttpMethod.POST && path.equals("/api/v4/posts")) {
      create(request, body.toJsonObject());
    } else if (method == HttpMethod.PUT && path.endsWith("/patch")) {
      patches.incrementAndGet();
      String id = path.substring("/api/v4/posts/".length(), path.length() - "/patch".length());
      JsonObject patch = body.toJsonObject();
      String message = patch.getString("message", "");
      countFinal(message, null);
      json(request, 200, post(id, "benchchannel00000000000000", "", message));
    } else if (method == HttpMethod.GET && path.startsWith("/api/v4/posts/")) {
      gets.incrementAndGet();
      String id = path.substring("/api/v4/posts/".length());
      json(request, 200, post(id, "benchchannel00000000000000", threads ? rootOf(id) : "", ""));
    } else {
      json(request, 404, new JsonObject().put("message", "no such API in the fake"));
    }
  }

  private void create(HttpServerRequest request, JsonObject asked) {
    String pending = asked.getString("pending_post_id", "");
    if (!pending.isEmpty()) {
      JsonObject before = byPendingId.get(pending);
      if (before != null) {
        repeats.incrementAndGet();
        json(request, 201, before);
        return;
      }
    }
    creates.incrementAndGet();
    String message = asked.getString("message", "");
    String root = asked.getString("root_id", "");
    JsonObject made = post(newId(), asked.getString("channel_id", ""), root, message);
    if (!pending.isEmpty()) {
      made.put("pending_post_id", pending);
      JsonObject raced = byPendingId.putIfAbsent(pending, made);
      if (raced != null) {
        repeats.incrementAndGet();
        json(request, 201, raced);
        return;
      }
    }
    countFinal(message, root);
    json(request, 201, made);
  }

  /** Counts a reply; {@code root} is the root_id it was created with, null for an edit. */
  private void countFinal(String message, String root) {
    Matcher m = MARKER.matcher(message);
    if (!m.find()) {
      return;
    }
    String postId = m.group(1);
    if (!postId.startsWith(run)) {
      foreign.incrementAndGet();
      return;
    }
    if (message.startsWith("\u23f3")) { // ⏳ the placeholder: the request was accepted
      placeholders.put(postId, Boolean.TRUE);
      return;
    }
    finals.merge(postId, 1, Integer::sum);
    if (threads && root != null) {
      (root.equals(rootOf(postId)) ? inRoot : wrongThread).incrementAndGet();
    }
  }

  /** In thread mode, the root of the thread that post {@code id} is a reply in. */
  private static String rootOf(String id) {
    if (id.isEmpty()) {
      return "";
    }
    return (id.charAt(0) == 'r' ? "q" : "r") + id.substring(1);
  }

  private JsonObject stats() {
    long duplicates = finals.values().stream().mapToLong(n -> n - 1).sum();
    long missing = placeholders.keySet().stream().filter(k -> !finals.containsKey(k)).count();
    return new JsonObject()
        .put("accepted", placeholders.size())
        .put("delivered", finals.size())
        .put("missing", missing)
        .put("duplicates", duplicates)
        .put("creates", creates.get())
        .put("repeats", repeats.get())
        .put("patches", patches.get())
        .put("gets", gets.get())
        .put("unauthorized", unauthorized.get())
        .put("foreign", foreign.get())
        .put("in_root", inRoot.get())
        .put("wrong_thread", wrongThread.get())
        .put("threads", threads);
  }

  private static JsonObject post(String id, String channel, String root, String message) {
    long now = System.currentTimeMillis();
    return new JsonObject()
        .put("id", id)
        .put("create_at", now)
        .put("update_at", now)
        .put("user_id", "benchbot000000000000000000")
        .put("channel_id", channel)
        .put("root_id", root)
        .put("message", message)
        .put("type", "")
        .put("props", new JsonObject());
  }

  private static String newId() {
    char[] id = new char[26];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toBuffer());
  }
}
