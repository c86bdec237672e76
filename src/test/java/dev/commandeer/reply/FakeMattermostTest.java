package dev.commandeer.reply;

import static dev.commandeer.reply.Waits.await;
import static dev.commandeer.reply.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake must behave like Mattermost where other tests rely on it. */
class FakeMattermostTest {

  private static final String TOKEN = "fake-bot-token";

  private final String channel = FakeMattermost.newId();
  private Vertx vertx;
  private FakeMattermost fake;
  private WebClient web;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    fake = await(FakeMattermost.start(vertx, TOKEN));
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    web.close();
    await(fake.close());
    await(vertx.close());
  }

  private Future<HttpResponse<Buffer>> createPost(String token, JsonObject post) {
    return web.postAbs(fake.baseUrl() + "/api/v4/posts")
        .putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(post);
  }

  private JsonObject post(String rootId, String pendingPostId) {
    return new JsonObject()
        .put("channel_id", channel)
        .put("message", "hello")
        .put("root_id", rootId)
        .put("pending_post_id", pendingPostId);
  }

  @Test
  void creates_posts_with_mattermost_ids_and_201() throws Exception {
    HttpResponse<Buffer> created = await(createPost(TOKEN, post("", "")));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("id")).matches("[a-z0-9]{26}");
    assertThat(await(fake.awaitPosts(1))).hasSize(1);
  }

  @Test
  void rejects_a_root_id_that_is_a_reply_or_unknown() throws Exception {
    String root = fake.seedPost(channel, "");
    String reply = fake.seedPost(channel, root);

    for (String badRoot : new String[] {reply, FakeMattermost.newId()}) {
      HttpResponse<Buffer> refused = await(createPost(TOKEN, post(badRoot, "")));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("id"))
          .isEqualTo("api.post.create_post.root_id.app_error");
    }
    assertThat(fake.posts()).isEmpty();
  }

  @Test
  void answers_a_repeated_pending_post_id_with_the_same_post() throws Exception {
    String first = await(createPost(TOKEN, post("", "p1"))).bodyAsJsonObject().getString("id");
    String second = await(createPost(TOKEN, post("", "p1"))).bodyAsJsonObject().getString("id");

    assertThat(second).isEqualTo(first);
    assertThat(fake.posts()).hasSize(1);
  }

  @Test
  void rejects_a_wrong_bearer_token_with_401_app_error() throws Exception {
    HttpResponse<Buffer> refused = await(createPost("wrong", post("", "")));

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("id"))
        .isEqualTo("api.context.session_expired.app_error");
  }

  @Test
  void accepts_five_uses_of_a_response_url_then_answers_400() throws Exception {
    String url = fake.newResponseUrl();
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> ok = await(web.postAbs(url).sendJsonObject(new JsonObject()));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.bodyAsString()).isEqualTo("ok");
    }

    HttpResponse<Buffer> sixth = await(web.postAbs(url).sendJsonObject(new JsonObject()));

    assertThat(sixth.statusCode()).isEqualTo(400);
    assertThat(sixth.bodyAsJsonObject().getString("id"))
        .isEqualTo("app.command_webhook.try_use.invalid");
  }

  @Test
  void rate_limits_with_plain_text_and_retry_after() throws Exception {
    fake.rateLimitNext(1, 7);

    HttpResponse<Buffer> limited = await(createPost(TOKEN, post("", "")));

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isEqualTo("7");
    assertThat(limited.bodyAsString()).isEqualTo("limit exceeded\n");
    assertThat(await(createPost(TOKEN, post("", ""))).statusCode()).isEqualTo(201);
  }

  @Test
  void refuses_connections_while_down_and_serves_again_when_up() throws Exception {
    await(fake.down());

    assertThat(failureOf(createPost(TOKEN, post("", "")))).isNotNull();

    await(fake.up());
    assertThat(await(createPost(TOKEN, post("", ""))).statusCode()).isEqualTo(201);
  }
}
