package dev.commandeer.reply;

import static dev.commandeer.reply.Waits.await;
import static dev.commandeer.reply.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.config.MattermostConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MattermostClientRespondTest {

  private static final String TOKEN = "bot-token-never-sent-to-hooks";
  private static final JsonObject RESULT =
      new JsonObject().put("response_type", "ephemeral").put("text", "✅ deployed api");

  private Vertx vertx;
  private FakeMattermost fake;
  private MattermostClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    fake = await(FakeMattermost.start(vertx, TOKEN));
    client =
        new MattermostClient(
            vertx,
            new MattermostConfig(fake.baseUrl(), TOKEN, Duration.ofSeconds(5)),
            MattermostClientOptions.defaults(),
            new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    await(fake.close());
    await(vertx.close());
  }

  @Test
  void posts_the_response_to_the_response_url_without_credentials() throws Exception {
    String responseUrl = fake.newResponseUrl();

    await(client.respond(responseUrl, RESULT));

    assertThat(fake.responses(FakeMattermost.hookIdOf(responseUrl))).containsExactly(RESULT);
    RecordedRequest sent = fake.requests().get(0);
    assertThat(sent.header("Authorization")).isNull();
    assertThat(sent.header("Content-Type")).startsWith("application/json");
    assertThat(sent.body()).doesNotContain(TOKEN);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://evil.example.com/hooks/commands/abc123",
        "http://127.0.0.1:1/hooks/commands/abc123",
        "http://127.0.0.1:{port}@evil.example.com/hooks/commands/abc123",
        "https://127.0.0.1:{port}/hooks/commands/abc123",
        "ftp://127.0.0.1:{port}/hooks/commands/abc123",
        "http://127.0.0.1:{port}/api/v4/posts",
        "http://127.0.0.1:{port}/hooks/abc123",
        "http://127.0.0.1:{port}/hooks/commands/",
        "http://127.0.0.1:{port}/hooks/commands/../../api/v4/posts",
        "http://127.0.0.1:{port}/hooks/commands/abc123/../../../api/v4/posts",
        "http://127.0.0.1:{port}/hooks/commands/%2e%2e",
        "http://127.0.0.1:{port}/hooks/commands/abc123?next=http://evil.example.com",
        "/hooks/commands/abc123",
        "not a url at all"
      })
  void refuses_response_urls_that_are_not_a_command_hook_of_the_configured_server(String url)
      throws Exception {
    String responseUrl =
        url.replace("{port}", Integer.toString(URI.create(fake.baseUrl()).getPort()));

    Throwable failure = failureOf(client.respond(responseUrl, RESULT));

    assertThat(failure)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("response_url refused");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void refuses_the_sixth_use_of_a_response_url_without_calling() throws Exception {
    String responseUrl = fake.newResponseUrl();
    for (int i = 1; i <= 5; i++) {
      await(client.respond(responseUrl, new JsonObject().put("text", "part " + i)));
    }

    Throwable sixth = failureOf(client.respond(responseUrl, RESULT));

    assertThat(sixth)
        .isInstanceOfSatisfying(
            MattermostException.class,
            e -> {
              assertThat(e.errorId()).isEqualTo("app.command_webhook.try_use.invalid");
              assertThat(e.isTransient()).isFalse();
            });
    assertThat(fake.requests()).hasSize(5);
    assertThat(fake.responses(FakeMattermost.hookIdOf(responseUrl))).hasSize(5);
  }

  @Test
  void each_response_url_has_its_own_five_uses() throws Exception {
    String first = fake.newResponseUrl();
    String second = fake.newResponseUrl();
    for (int i = 0; i < 5; i++) {
      await(client.respond(first, RESULT));
    }

    await(client.respond(second, RESULT));

    assertThat(fake.responses(FakeMattermost.hookIdOf(second))).hasSize(1);
  }
}
