package dev.commandeer.reply;

import static dev.commandeer.reply.Waits.await;
import static dev.commandeer.reply.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.commandeer.config.MattermostConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MattermostClientTest {

  private static final String TOKEN = "xoxb-bot-token-7f3a91c2";

  private final String channel = FakeMattermost.newId();
  private Vertx vertx;
  private FakeMattermost fake;
  private SimpleMeterRegistry registry;
  private MattermostClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    fake = await(FakeMattermost.start(vertx, TOKEN));
    registry = new SimpleMeterRegistry();
    client = clientWithToken(TOKEN);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    await(fake.close());
    await(vertx.close());
  }

  private MattermostClient clientWithToken(String token) {
    return new MattermostClient(
        vertx,
        new MattermostConfig(fake.baseUrl(), token, Duration.ofSeconds(5)),
        MattermostClientOptions.defaults(),
        registry);
  }

  @Test
  void creates_a_root_post_in_the_channel() throws Exception {
    Post post = await(client.createPost(NewPost.inChannel(channel, "deploy finished")));

    assertThat(post.id()).matches("[a-z0-9]{26}");
    assertThat(post.channelId()).isEqualTo(channel);
    assertThat(post.isReply()).isFalse();
    assertThat(fake.posts())
        .singleElement()
        .satisfies(
            stored -> {
              assertThat(stored.id()).isEqualTo(post.id());
              assertThat(stored.message()).isEqualTo("deploy finished");
              assertThat(stored.userId()).isEqualTo(fake.botUserId());
            });
  }

  @Test
  void replies_in_the_thread_named_by_root_id() throws Exception {
    String trigger = fake.seedPost(channel, "");

    Post reply = await(client.createPost(NewPost.inThread(channel, trigger, "done")));

    assertThat(reply.rootId()).isEqualTo(trigger);
    assertThat(fake.post(reply.id()))
        .hasValueSatisfying(p -> assertThat(p.rootId()).isEqualTo(trigger));
  }

  @Test
  void sends_props_and_a_pending_post_id_with_each_new_post() throws Exception {
    await(client.createPost(new NewPost(channel, "hi", "", Map.of("commandeer_run", "r-42"))));

    JsonObject sent = fake.requests("POST", "/api/v4/posts").get(0).json();
    assertThat(sent.getJsonObject("props").getString("commandeer_run")).isEqualTo("r-42");
    assertThat(sent.getString("pending_post_id")).isNotBlank();
    assertThat(fake.posts().get(0).props()).containsEntry("commandeer_run", "r-42");
  }

  @Test
  void patches_a_post_message() throws Exception {
    Post post = await(client.createPost(NewPost.inChannel(channel, "⏳ running `deploy api`…")));

    Post patched = await(client.patchPost(post.id(), "✅ deployed"));

    assertThat(patched.message()).isEqualTo("✅ deployed");
    assertThat(fake.post(post.id()))
        .hasValueSatisfying(p -> assertThat(p.message()).isEqualTo("✅ deployed"));
  }

  @Test
  void reads_a_post_with_its_thread() throws Exception {
    String root = fake.seedPost(channel, "");
    String reply = fake.seedPost(channel, root, "!deploy api");

    Post post = await(client.getPost(reply));

    assertThat(post).isEqualTo(new Post(reply, channel, root, "!deploy api"));
  }

  @Test
  void the_thread_root_of_a_root_post_is_the_post_itself() throws Exception {
    String root = fake.seedPost(channel, "");

    assertThat(await(client.threadRootOf(root))).isEqualTo(root);
  }

  @Test
  void the_thread_root_of_a_reply_is_the_root_of_its_thread() throws Exception {
    String root = fake.seedPost(channel, "");
    String reply = fake.seedPost(channel, root);

    assertThat(await(client.threadRootOf(reply))).isEqualTo(root);
  }

  @Test
  void a_thread_root_once_found_is_remembered_without_asking_again() throws Exception {
    String root = fake.seedPost(channel, "");
    String reply = fake.seedPost(channel, root);
    await(client.threadRootOf(reply));

    assertThat(await(client.threadRootOf(reply))).isEqualTo(root);
    assertThat(fake.requests("GET", "/api/v4/posts/")).hasSize(1);
  }

  @Test
  void a_reply_to_a_reply_fails_with_mattermost_status_and_error_id_without_retrying()
      throws Exception {
    String root = fake.seedPost(channel, "");
    String reply = fake.seedPost(channel, root);

    Throwable failure = failureOf(client.createPost(NewPost.inThread(channel, reply, "done")));

    assertThat(failure)
        .isInstanceOfSatisfying(
            MattermostException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.errorId()).isEqualTo("api.post.create_post.root_id.app_error");
              assertThat(e.isTransient()).isFalse();
            });
    assertThat(fake.requests()).hasSize(1);
    assertThat(fake.posts()).isEmpty();
  }

  @Test
  void a_wrong_bot_token_fails_with_401_session_expired() throws Exception {
    MattermostClient wrong = clientWithToken("not-the-token");
    try {
      Throwable failure = failureOf(wrong.createPost(NewPost.inChannel(channel, "hi")));

      assertThat(failure)
          .isInstanceOfSatisfying(
              MattermostException.class,
              e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.errorId()).isEqualTo("api.context.session_expired.app_error");
              });
      assertThat(fake.posts()).isEmpty();
    } finally {
      wrong.close();
    }
  }

  @Test
  void a_malformed_post_id_is_refused_without_calling_mattermost() throws Exception {
    Throwable failure = failureOf(client.getPost("../users/me"));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void sends_the_token_only_as_a_bearer_header_and_never_logs_it() throws Exception {
    ListAppender<ILoggingEvent> logs = captureClientLogs();
    try {
      String root = fake.seedPost(channel, "");
      String reply = fake.seedPost(channel, root);
      Post post = await(client.createPost(NewPost.inChannel(channel, "hi")));
      await(client.patchPost(post.id(), "edited"));
      failureOf(client.createPost(NewPost.inThread(channel, reply, "nested")));
      await(client.respond(fake.newResponseUrl(), new JsonObject().put("text", "ok")));

      assertThat(fake.requests("POST", "/api/v4/"))
          .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));
      assertThat(fake.requests("POST", "/hooks/commands/"))
          .singleElement()
          .satisfies(r -> assertThat(r.header("Authorization")).isNull());
      assertThat(fake.requests())
          .allSatisfy(
              r -> {
                assertThat(r.body()).doesNotContain(TOKEN);
                assertThat(r.path()).doesNotContain(TOKEN);
              });
      assertThat(logs.list).anySatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
      assertThat(logs.list)
          .anySatisfy(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains("400")
                      .contains("api.post.create_post.root_id.app_error"));
      assertThat(logs.list)
          .allSatisfy(
              e -> {
                assertThat(e.getFormattedMessage()).doesNotContain(TOKEN);
                if (e.getThrowableProxy() != null) {
                  assertThat(ThrowableProxyUtil.asString(e.getThrowableProxy()))
                      .doesNotContain(TOKEN);
                }
              });
    } finally {
      ((Logger) LoggerFactory.getLogger(MattermostClient.class)).detachAppender("capture");
    }
  }

  @Test
  void counts_and_times_each_call_by_operation_and_status() throws Exception {
    Post post = await(client.createPost(NewPost.inChannel(channel, "hi")));
    await(client.getPost(post.id() + "x").recover(e -> client.getPost(post.id())));

    assertThat(requests("create_post", "201")).isEqualTo(1);
    assertThat(requests("get_post", "404")).isEqualTo(1);
    assertThat(requests("get_post", "200")).isEqualTo(1);
    assertThat(
            registry
                .get("commandeer.mattermost.request.duration")
                .tag("op", "get_post")
                .timer()
                .count())
        .isEqualTo(2);
    assertThat(registry.get("commandeer.mattermost.breaker.state").gauge().value()).isZero();
  }

  private double requests(String op, String status) {
    return registry
        .get("commandeer.mattermost.requests")
        .tag("op", op)
        .tag("status", status)
        .counter()
        .count();
  }

  private static ListAppender<ILoggingEvent> captureClientLogs() {
    Logger logger = (Logger) LoggerFactory.getLogger(MattermostClient.class);
    logger.setLevel(Level.DEBUG);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setName("capture");
    appender.start();
    logger.addAppender(appender);
    return appender;
  }
}
