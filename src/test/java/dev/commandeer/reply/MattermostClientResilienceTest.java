package dev.commandeer.reply;

import static dev.commandeer.reply.Waits.await;
import static dev.commandeer.reply.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.config.MattermostConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MattermostClientResilienceTest {

  private static final String TOKEN = "bot-token-for-retries";
  private static final MattermostClientOptions.Retry QUICK_RETRIES =
      new MattermostClientOptions.Retry(
          5,
          Duration.ofMillis(10),
          2.0,
          0.5,
          Duration.ofMillis(100),
          Duration.ofSeconds(60),
          Duration.ofSeconds(10));
  private static final MattermostClientOptions.Breaker TOUCHY_BREAKER =
      new MattermostClientOptions.Breaker(4, 4, 50f, Duration.ofMillis(300), 1);

  private final String channel = FakeMattermost.newId();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Vertx vertx;
  private FakeMattermost fake;
  private MattermostClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    fake = await(FakeMattermost.start(vertx, TOKEN));
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    await(fake.close());
    await(vertx.close());
  }

  private MattermostClient client(Duration timeout, MattermostClientOptions options) {
    client =
        new MattermostClient(
            vertx, new MattermostConfig(fake.baseUrl(), TOKEN, timeout), options, registry);
    return client;
  }

  private MattermostClient quickClient() {
    return client(
        Duration.ofSeconds(5), MattermostClientOptions.defaults().withRetry(QUICK_RETRIES));
  }

  @Test
  void server_errors_are_retried_and_the_post_is_delivered_once() throws Exception {
    fake.failNext(2, 500);

    Post post = await(quickClient().createPost(NewPost.inChannel(channel, "done")));

    assertThat(fake.posts()).extracting(FakePost::id).containsExactly(post.id());
    List<RecordedRequest> attempts = fake.requests("POST", "/api/v4/posts");
    assertThat(attempts).hasSize(3);
    assertThat(attempts)
        .extracting(r -> r.json().getString("pending_post_id"))
        .containsOnly(attempts.get(0).json().getString("pending_post_id"));
  }

  @Test
  void a_post_stored_after_its_caller_timed_out_is_not_posted_twice() throws Exception {
    fake.delayNext(1, Duration.ofMillis(1500));
    MattermostClient slowServerClient =
        client(Duration.ofMillis(300), MattermostClientOptions.defaults().withRetry(QUICK_RETRIES));

    Post post = await(slowServerClient.createPost(NewPost.inChannel(channel, "done")));
    await(fake.awaitAnswered(2));

    assertThat(fake.requests("POST", "/api/v4/posts")).hasSize(2);
    assertThat(fake.posts()).extracting(FakePost::id).containsExactly(post.id());
  }

  @Test
  void a_rate_limited_call_waits_for_retry_after_before_trying_again() throws Exception {
    fake.rateLimitNext(1, 1);

    await(quickClient().createPost(NewPost.inChannel(channel, "done")));

    List<RecordedRequest> attempts = fake.requests("POST", "/api/v4/posts");
    assertThat(attempts).hasSize(2);
    assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(fake.posts()).hasSize(1);
  }

  @Test
  void a_retry_after_beyond_the_deadline_fails_at_once_as_transient() throws Exception {
    fake.rateLimitNext(1, 45);

    Throwable failure = failureOf(quickClient().createPost(NewPost.inChannel(channel, "done")));

    assertThat(failure)
        .isInstanceOfSatisfying(
            MattermostException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.getMessage()).contains("limit exceeded");
              assertThat(e.isTransient()).isTrue();
            });
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void client_errors_fail_at_once_with_status_and_error_id() throws Exception {
    fake.failNext(1, 403);

    Throwable failure = failureOf(quickClient().createPost(NewPost.inChannel(channel, "done")));

    assertThat(failure)
        .isInstanceOfSatisfying(
            MattermostException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.errorId()).isEqualTo("fake.injected.app_error");
            });
    assertThat(fake.requests()).hasSize(1);
    assertThat(fake.posts()).isEmpty();
  }

  @Test
  void server_errors_that_outlast_the_attempts_fail_with_the_last_answer() throws Exception {
    fake.failNext(5, 503);

    Throwable failure = failureOf(quickClient().createPost(NewPost.inChannel(channel, "done")));

    assertThat(failure)
        .isInstanceOfSatisfying(
            MattermostException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(fake.requests()).hasSize(5);
  }

  @Test
  void an_unreachable_server_fails_as_unavailable_after_the_last_attempt() throws Exception {
    MattermostClient reachable = quickClient();
    await(fake.down());

    Throwable failure = failureOf(reachable.createPost(NewPost.inChannel(channel, "done")));

    assertThat(failure).isInstanceOf(MattermostUnavailable.class);
    assertThat(
            registry
                .get("commandeer.mattermost.requests")
                .tag("op", "create_post")
                .tag("status", "error")
                .counter()
                .count())
        .isEqualTo(5);
    await(fake.up());
    assertThat(await(reachable.createPost(NewPost.inChannel(channel, "back"))).message())
        .isEqualTo("back");
  }

  @Test
  void the_breaker_opens_after_repeated_failures_and_then_fails_fast_without_calling()
      throws Exception {
    MattermostClient breakable = breakableClient();
    fake.failNext(4, 503);
    for (int i = 0; i < 4; i++) {
      failureOf(breakable.createPost(NewPost.inChannel(channel, "try " + i)));
    }

    Throwable failure = failureOf(breakable.createPost(NewPost.inChannel(channel, "again")));

    assertThat(failure).isInstanceOf(MattermostUnavailable.class);
    assertThat(fake.requests()).hasSize(4);
    assertThat(breakerState()).isEqualTo(1);
    assertThat(
            registry
                .get("commandeer.mattermost.requests")
                .tag("op", "create_post")
                .tag("status", "open")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void the_breaker_lets_calls_through_again_after_its_wait() throws Exception {
    MattermostClient breakable = breakableClient();
    fake.failNext(4, 503);
    for (int i = 0; i < 4; i++) {
      failureOf(breakable.createPost(NewPost.inChannel(channel, "try " + i)));
    }
    assertThat(failureOf(breakable.createPost(NewPost.inChannel(channel, "too soon"))))
        .isInstanceOf(MattermostUnavailable.class);

    await(vertx.timer(TOUCHY_BREAKER.openWait().plusMillis(100).toMillis()));
    Post post = await(breakable.createPost(NewPost.inChannel(channel, "recovered")));

    assertThat(fake.posts()).extracting(FakePost::id).containsExactly(post.id());
    assertThat(breakerState()).isZero();
  }

  private MattermostClient breakableClient() {
    return client(
        Duration.ofSeconds(5),
        MattermostClientOptions.defaults()
            .withRetry(MattermostClientOptions.Retry.never())
            .withBreaker(TOUCHY_BREAKER));
  }

  private double breakerState() {
    return registry.get("commandeer.mattermost.breaker.state").gauge().value();
  }
}
