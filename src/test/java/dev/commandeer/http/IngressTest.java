package dev.commandeer.http;

import static dev.commandeer.http.MattermostRequests.HOOK_TOKEN;
import static dev.commandeer.http.MattermostRequests.SLASH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.Commandeer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests exactly as Mattermost sends them, and what Mattermost would show for the answers. */
class IngressTest {

  static final String CONFIG =
      """
      server: {port: 0}
      tokens:
        - {name: ops-hook, value: %s}
        - {name: ops-slash, value: %s}
        - {name: echo-only, value: echo-only-token-123, commands: [echo]}
      commands:
        echo: {builtin: echo}
        say: {builtin: echo, reply: channel}
        whisper: {builtin: echo, reply: ephemeral}
        deploy:
          description: Deploy a service
          run: [/bin/echo, "deploying {service} to {target}"]
          reply: inline
          args:
            - {name: service, pattern: "[a-z][a-z0-9-]{1,30}"}
            - {name: target, pattern: "[a-z0-9 ]{1,20}", default: staging}
        notify:
          run: [/bin/echo, "{message}"]
          args:
            - {name: message, rest: true}
        secret:
          builtin: echo
          allow: {users: [bob]}
      """
          .formatted(HOOK_TOKEN, SLASH_TOKEN);

  static Commandeer service;

  @BeforeAll
  static void start() {
    service = TestService.start(CONFIG);
  }

  @AfterAll
  static void stop() {
    service.stop().await();
  }

  static RawHttp.Response send(byte[] request) {
    return RawHttp.send(service.port(), request);
  }

  static JsonObject json(RawHttp.Response response) {
    return new JsonObject(response.body());
  }

  @Test
  void form_webhook_from_the_recording_gets_a_thread_reply() {
    RawHttp.Response response = send(MattermostRequests.fixture("outgoing-webhook-form.http"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("content-type")).startsWith("application/json");
    JsonObject body = json(response);
    assertThat(body.getString("response_type")).isEqualTo("comment");
    assertThat(body.getString("text")).contains("deploying api to staging");
  }

  @Test
  void json_webhook_from_the_recording_gets_a_thread_reply() {
    RawHttp.Response response = send(MattermostRequests.fixture("outgoing-webhook-json.http"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).getString("response_type")).isEqualTo("comment");
    assertThat(json(response).getString("text")).contains("deploying api to staging");
  }

  @Test
  void slash_post_from_the_recording_runs_the_prefixed_command_with_a_quoted_argument() {
    RawHttp.Response response = send(MattermostRequests.fixture("slash-command-post.http"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("content-type")).startsWith("application/json");
    assertThat(json(response).getString("response_type")).isEqualTo("in_channel");
    assertThat(json(response).getString("text")).contains("deploying api to release 2");
  }

  @Test
  void slash_get_from_the_recording_answers_help_only_to_the_caller() {
    RawHttp.Response response = send(MattermostRequests.fixture("slash-command-get.http"));

    assertThat(response.status()).isEqualTo(200);
    JsonObject body = json(response);
    assertThat(body.getString("response_type")).isEqualTo("ephemeral");
    assertThat(body.getString("text")).contains("deploy").contains("echo").doesNotContain("secret");
  }

  @Test
  void slash_in_a_thread_with_repeated_mention_keys_is_understood() {
    RawHttp.Response response =
        send(MattermostRequests.fixture("slash-command-in-thread-with-mentions.http"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).getString("text")).contains("@bob @carol in ~town-square");
  }

  @Test
  void webhook_echo_replies_in_the_thread_with_the_words() {
    RawHttp.Response response =
        send(MattermostRequests.webhookForm(HOOK_TOKEN, "echo hello world"));

    assertThat(json(response).getString("text")).isEqualTo("hello world");
    assertThat(json(response).getString("response_type")).isEqualTo("comment");
  }

  @Test
  void webhook_with_reply_channel_makes_a_new_post_instead_of_a_thread_reply() {
    RawHttp.Response response = send(MattermostRequests.webhookForm(HOOK_TOKEN, "say hi all"));

    assertThat(json(response).getString("text")).isEqualTo("hi all");
    assertThat(json(response).containsKey("response_type")).isFalse();
  }

  @Test
  void slash_with_reply_ephemeral_is_shown_only_to_the_caller() {
    RawHttp.Response response = send(MattermostRequests.slashPost(SLASH_TOKEN, "/whisper", "psst"));

    assertThat(json(response).getString("response_type")).isEqualTo("ephemeral");
    assertThat(json(response).getString("text")).isEqualTo("psst");
  }

  @Test
  void slash_get_and_post_answer_alike() {
    RawHttp.Response get = send(MattermostRequests.slashGet(SLASH_TOKEN, "/echo", "same"));
    RawHttp.Response post = send(MattermostRequests.slashPost(SLASH_TOKEN, "/echo", "same"));

    assertThat(get.status()).isEqualTo(200);
    assertThat(json(get)).isEqualTo(json(post));
  }

  @Test
  void unknown_command_is_a_friendly_ephemeral_200_with_a_suggestion() {
    RawHttp.Response response =
        send(MattermostRequests.slashPost(SLASH_TOKEN, "/ops", "deplyo api"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).getString("response_type")).isEqualTo("ephemeral");
    assertThat(json(response).getString("text")).contains("deplyo").contains("deploy");
  }

  @Test
  void bad_argument_is_a_friendly_ephemeral_200_with_usage() {
    RawHttp.Response response = send(MattermostRequests.slashPost(SLASH_TOKEN, "/deploy", "API"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).getString("response_type")).isEqualTo("ephemeral");
    assertThat(json(response).getString("text")).contains("service").contains("Usage");
  }

  @Test
  void command_denied_by_allow_list_is_refused_without_running() {
    RawHttp.Response response = send(MattermostRequests.slashPost(SLASH_TOKEN, "/secret", "x"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).getString("response_type")).isEqualTo("ephemeral");
    assertThat(json(response).getString("text")).contains("not allowed").doesNotContain("x\n");
  }

  @Test
  void token_limited_to_some_commands_cannot_run_others() {
    RawHttp.Response response =
        send(MattermostRequests.webhookForm("echo-only-token-123", "deploy api"));

    assertThat(json(response).getString("text")).contains("not allowed");
    assertThat(json(response).getString("text")).doesNotContain("deploying");
  }

  @Test
  void unknown_token_is_401_with_a_body_mattermost_cannot_post() {
    RawHttp.Response response =
        send(MattermostRequests.webhookForm("wrong-token-wrong-token", "echo hi"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(json(response).containsKey("text")).isFalse();
    assertThat(json(response).containsKey("attachments")).isFalse();
  }

  @Test
  void long_output_is_cut_to_mattermosts_limit_with_a_note() {
    String words = "word ".repeat(4000);
    RawHttp.Response response = send(MattermostRequests.slashPost(SLASH_TOKEN, "/echo", words));

    String text = json(response).getString("text");
    assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(16_383);
    assertThat(text).contains("cut");
  }

  @Test
  void non_ascii_text_round_trips() {
    RawHttp.Response response =
        send(MattermostRequests.webhookForm(HOOK_TOKEN, "echo grüße 🚀 «ok»"));

    assertThat(json(response).getString("text")).isEqualTo("grüße 🚀 «ok»");
    assertThat(response.body().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
  }

  @Test
  void health_and_readiness_answer() {
    String get = "GET %s HTTP/1.1\r\nHost: x\r\n\r\n";
    assertThat(RawHttp.send(service.port(), get.formatted("/healthz")).status()).isEqualTo(200);
    assertThat(RawHttp.send(service.port(), get.formatted("/readyz")).status()).isEqualTo(200);
  }

  @Test
  void echo_cannot_be_used_to_notify_a_whole_channel() {
    RawHttp.Response response =
        send(MattermostRequests.webhookForm(HOOK_TOKEN, "echo wake up @channel and @ALL"));

    String text = json(response).getString("text");
    assertThat(text).contains("wake up").doesNotContain("@channel").doesNotContain("@ALL");
  }
}
