package dev.commandeer.reply;

import static dev.commandeer.http.MattermostRequests.HOOK_TOKEN;
import static dev.commandeer.http.MattermostRequests.SLASH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.Commandeer;
import dev.commandeer.http.MattermostRequests;
import dev.commandeer.http.RawHttp;
import dev.commandeer.http.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Results that take longer than the inline budget: a bot placeholder in the right thread that
 * becomes the result, answers through response_url, and delivery despite a flaky Mattermost.
 */
class LaterRepliesTest {

  static final String BOT_TOKEN = "bot-token-for-tests-0123456789";
  static final String CHANNEL = "4xp9fdt77pncbef59f4k1qe83o";

  Vertx vertx;
  FakeMattermost mattermost;
  Commandeer service;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mattermost = FakeMattermost.start(vertx, BOT_TOKEN).timeout(20, TimeUnit.SECONDS).await();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.stop().timeout(20, TimeUnit.SECONDS).await();
    }
    mattermost.close().timeout(20, TimeUnit.SECONDS).await();
    vertx.close().timeout(20, TimeUnit.SECONDS).await();
  }

  void serve(String botToken, String extraCommands) {
    serve(botToken, extraCommands, "");
  }

  void serve(String botToken, String extraCommands, String extraSections) {
    service =
        TestService.start(
            """
            server: {port: 0, inlineBudget: 300ms, shutdownGrace: 2s}
            mattermost: {url: "%s", botToken: "%s", timeout: 2s}
            tokens:
              - {name: hook, value: %s}
              - {name: slash, value: %s}
            commands:
              nap:
                run: [/bin/sh, -c, 'sleep "$1"; echo "slept $1"', nap, "{seconds}"]
                args: [{name: seconds, pattern: "[0-9.]{1,4}"}]
              quick:
                run: [/bin/echo, "quick answer"]
              secretnap:
                run: [/bin/sh, -c, 'sleep "$1"; echo "only for you"', nap, "{seconds}"]
                args: [{name: seconds, pattern: "[0-9.]{1,4}"}]
                reply: ephemeral
              later:
                run: [/bin/echo, "posted later"]
                reply: thread
            %s
            %s
            """
                .formatted(
                    mattermost.baseUrl(),
                    botToken,
                    HOOK_TOKEN,
                    SLASH_TOKEN,
                    extraCommands,
                    extraSections));
  }

  RawHttp.Response webhook(String postId, String text) {
    return RawHttp.send(
        service.port(), MattermostRequests.webhookForm(HOOK_TOKEN, text, postId, CHANNEL));
  }

  RawHttp.Response slash(String text, String rootId, String responseUrl) {
    Map<String, List<String>> fields =
        new TreeMap<>(MattermostRequests.slashFields(SLASH_TOKEN, "/ops", text));
    fields.put("root_id", List.of(rootId));
    fields.put("channel_id", List.of(CHANNEL));
    fields.put("response_url", List.of(responseUrl));
    byte[] body = MattermostRequests.encode(fields).getBytes(StandardCharsets.US_ASCII);
    return RawHttp.send(
        service.port(),
        MattermostRequests.post(
            "/commands/mattermost", SLASH_TOKEN, "application/x-www-form-urlencoded", body));
  }

  List<FakePost> botPosts() {
    return mattermost.posts().stream().filter(p -> !p.pendingPostId().isEmpty()).toList();
  }

  FakePost awaitEdited() {
    mattermost
        .until(() -> botPosts().stream().anyMatch(p -> p.message().contains("slept")))
        .timeout(20, TimeUnit.SECONDS)
        .await();
    return botPosts().stream().filter(p -> p.message().contains("slept")).findFirst().orElseThrow();
  }

  @Test
  void slow_webhook_command_gets_one_placeholder_in_the_thread_edited_into_the_result() {
    serve(BOT_TOKEN, "");
    String trigger = mattermost.seedPost(CHANNEL, "");

    RawHttp.Response answer = webhook(trigger, "nap 1");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).containsKey("text")).isFalse();
    FakePost result = awaitEdited();
    assertThat(result.rootId()).isEqualTo(trigger);
    assertThat(result.message()).startsWith("✅").contains("slept 1");
    assertThat(result.editAt()).isPositive();
    assertThat(botPosts()).hasSize(1);
  }

  @Test
  void trigger_that_is_a_thread_reply_is_answered_in_the_root_thread() {
    serve(BOT_TOKEN, "");
    String root = mattermost.seedPost(CHANNEL, "");
    String reply = mattermost.seedPost(CHANNEL, root);

    webhook(reply, "nap 1");

    assertThat(awaitEdited().rootId()).isEqualTo(root);
    assertThat(botPosts()).hasSize(1);
  }

  @Test
  void quick_answer_to_a_thread_reply_goes_through_the_api_instead_of_a_lost_comment() {
    serve(BOT_TOKEN, "");
    String root = mattermost.seedPost(CHANNEL, "");
    String reply = mattermost.seedPost(CHANNEL, root);

    RawHttp.Response answer = webhook(reply, "quick");

    assertThat(new JsonObject(answer.body()).containsKey("text")).isFalse();
    mattermost.until(() -> botPosts().size() == 1).timeout(20, TimeUnit.SECONDS).await();
    assertThat(botPosts().get(0).rootId()).isEqualTo(root);
    assertThat(botPosts().get(0).message()).contains("quick answer");
  }

  @Test
  void quick_answer_to_a_root_post_stays_inline() {
    serve(BOT_TOKEN, "");
    String trigger = mattermost.seedPost(CHANNEL, "");

    RawHttp.Response answer = webhook(trigger, "quick");

    JsonObject body = new JsonObject(answer.body());
    assertThat(body.getString("response_type")).isEqualTo("comment");
    assertThat(body.getString("text")).contains("quick answer");
    assertThat(botPosts()).isEmpty();
  }

  @Test
  void slash_command_typed_in_a_thread_gets_its_result_in_that_thread() {
    serve(BOT_TOKEN, "");
    String root = mattermost.seedPost(CHANNEL, "");

    RawHttp.Response answer = slash("nap 1", root, mattermost.newResponseUrl());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(awaitEdited().rootId()).isEqualTo(root);
  }

  @Test
  void slash_command_outside_a_thread_gets_a_new_post_in_the_channel() {
    serve(BOT_TOKEN, "");

    slash("nap 1", "", mattermost.newResponseUrl());

    FakePost result = awaitEdited();
    assertThat(result.rootId()).isEmpty();
    assertThat(result.channelId()).isEqualTo(CHANNEL);
  }

  @Test
  void reply_thread_posts_at_once_even_when_the_program_is_quick() {
    serve(BOT_TOKEN, "");
    String trigger = mattermost.seedPost(CHANNEL, "");

    RawHttp.Response answer = webhook(trigger, "later");

    assertThat(new JsonObject(answer.body()).containsKey("text")).isFalse();
    mattermost
        .until(() -> botPosts().stream().anyMatch(p -> p.message().contains("posted later")))
        .timeout(20, TimeUnit.SECONDS)
        .await();
    assertThat(botPosts()).hasSize(1);
  }

  @Test
  void ephemeral_slash_result_arrives_through_response_url() {
    serve(BOT_TOKEN, "");
    String responseUrl = mattermost.newResponseUrl();

    RawHttp.Response answer = slash("secretnap 1", "", responseUrl);

    JsonObject ack = new JsonObject(answer.body());
    assertThat(ack.getString("response_type")).isEqualTo("ephemeral");
    assertThat(ack.getString("text")).contains("⏳");
    List<JsonObject> responses =
        mattermost
            .awaitResponses(FakeMattermost.hookIdOf(responseUrl), 1)
            .timeout(20, TimeUnit.SECONDS)
            .await();
    assertThat(responses.get(0).getString("response_type")).isEqualTo("ephemeral");
    assertThat(responses.get(0).getString("text")).contains("only for you");
    assertThat(botPosts()).isEmpty();
  }

  @Test
  void result_is_delivered_exactly_once_after_mattermost_fails_a_few_times() {
    serve(BOT_TOKEN, "");
    String trigger = mattermost.seedPost(CHANNEL, "");
    RawHttp.Response answer = webhook(trigger, "nap 1.5");
    assertThat(answer.status()).isEqualTo(200);
    mattermost.until(() -> botPosts().size() == 1).timeout(20, TimeUnit.SECONDS).await();

    mattermost.failNext(2, 503);

    FakePost result = awaitEdited();
    assertThat(result.message()).contains("slept 1.5");
    assertThat(botPosts()).hasSize(1);
  }

  @Test
  void webhook_without_a_bot_waits_inline_and_says_why_when_it_cannot_post_later() {
    serve("", "");
    String trigger = mattermost.seedPost(CHANNEL, "");

    RawHttp.Response quick = webhook(trigger, "nap 0.5");

    assertThat(new JsonObject(quick.body()).getString("text")).contains("slept 0.5");
    assertThat(botPosts()).isEmpty();
  }

  @Test
  void queued_run_is_told_its_position_and_runs_when_a_slot_frees() {
    serve(
        BOT_TOKEN,
        """
          single:
            run: [/bin/sh, -c, 'sleep 1; echo "slept single"']
            concurrency: 1
        """);
    String first = mattermost.seedPost(CHANNEL, "");
    String second = mattermost.seedPost(CHANNEL, "");

    webhook(first, "single");
    webhook(second, "single");

    mattermost
        .until(() -> botPosts().stream().anyMatch(p -> p.message().contains("queued (position 1)")))
        .timeout(20, TimeUnit.SECONDS)
        .await();
    mattermost
        .until(
            () ->
                botPosts().stream().filter(p -> p.message().contains("slept single")).count() == 2)
        .timeout(20, TimeUnit.SECONDS)
        .await();
    assertThat(botPosts()).hasSize(2);
  }

  static final String SINGLE =
      """
        single:
          run: [/bin/sh, -c, 'sleep "$1"; echo "slept single $1"', single, "{seconds}"]
          args: [{name: seconds, pattern: "[0-9.]+"}]
          concurrency: 1
      """;

  /** The messages the bot's posts were edited to, in order. */
  List<String> edits() {
    return mattermost.requests("PUT", "/api/v4/posts/").stream()
        .map(r -> new JsonObject(r.body()).getString("message", ""))
        .toList();
  }

  @Test
  void queued_run_still_running_a_second_after_it_started_is_shown_running() {
    serve(BOT_TOKEN, SINGLE);
    webhook(mattermost.seedPost(CHANNEL, ""), "single 1");
    webhook(mattermost.seedPost(CHANNEL, ""), "single 2");

    mattermost
        .until(() -> botPosts().stream().anyMatch(p -> p.message().contains("slept single 2")))
        .timeout(20, TimeUnit.SECONDS)
        .await();

    assertThat(edits())
        .filteredOn(message -> message.startsWith("⏳ running `single 2`"))
        .hasSize(1);
  }

  @Test
  void queued_run_that_ends_within_a_second_of_starting_goes_straight_to_its_result() {
    serve(BOT_TOKEN, SINGLE);
    webhook(mattermost.seedPost(CHANNEL, ""), "single 1");
    webhook(mattermost.seedPost(CHANNEL, ""), "single 0");

    mattermost
        .until(() -> botPosts().stream().anyMatch(p -> p.message().contains("slept single 0")))
        .timeout(20, TimeUnit.SECONDS)
        .await();

    assertThat(edits()).noneMatch(message -> message.contains("running `single 0`"));
    assertThat(edits()).anyMatch(message -> message.contains("slept single 0"));
    assertThat(botPosts())
        .anyMatch(p -> p.message().contains("slept single 0"))
        .noneMatch(p -> p.message().contains("queued"));
  }

  @Test
  void queued_run_cancelled_before_it_starts_has_its_placeholder_edited_to_say_so() {
    serve(BOT_TOKEN, SINGLE + "  cancel: {builtin: cancel}\n");
    webhook(mattermost.seedPost(CHANNEL, ""), "single 3");
    webhook(mattermost.seedPost(CHANNEL, ""), "single 0");
    mattermost
        .until(() -> botPosts().stream().anyMatch(p -> p.message().contains("queued")))
        .timeout(20, TimeUnit.SECONDS)
        .await();
    String queued =
        botPosts().stream()
            .filter(p -> p.message().contains("queued"))
            .findFirst()
            .orElseThrow()
            .message();
    Matcher runId = Pattern.compile("run `([a-z2-7]{8})`").matcher(queued);
    assertThat(runId.find()).as(queued).isTrue();

    webhook(mattermost.seedPost(CHANNEL, ""), "cancel " + runId.group(1));

    mattermost
        .until(() -> botPosts().stream().anyMatch(p -> p.message().contains("cancelled before")))
        .timeout(20, TimeUnit.SECONDS)
        .await();
    assertThat(botPosts()).noneMatch(p -> p.message().contains("queued"));
  }

  @Test
  void help_asked_in_a_thread_reply_is_answered_in_the_root_thread() {
    serve(BOT_TOKEN, "");
    String root = mattermost.seedPost(CHANNEL, "");
    String reply = mattermost.seedPost(CHANNEL, root);

    RawHttp.Response answer = webhook(reply, "help");

    assertThat(new JsonObject(answer.body()).containsKey("text")).isFalse();
    mattermost.until(() -> botPosts().size() == 1).timeout(20, TimeUnit.SECONDS).await();
    assertThat(botPosts().get(0).rootId()).isEqualTo(root);
    assertThat(botPosts().get(0).message()).contains("nap");
  }

  /** With the default per-user limit (claim, then count) and without one (one statement). */
  @ParameterizedTest
  @ValueSource(strings = {"", "limits: {perUser: none}"})
  void the_same_webhook_delivered_twice_runs_once_and_the_copy_posts_nothing(String limits) {
    serve(BOT_TOKEN, "", limits);
    String trigger = mattermost.seedPost(CHANNEL, "");

    RawHttp.Response first = webhook(trigger, "quick");
    RawHttp.Response copy = webhook(trigger, "quick");

    assertThat(new JsonObject(first.body()).getString("text")).contains("quick answer");
    assertThat(new JsonObject(copy.body()).containsKey("text")).isFalse();
  }

  /**
   * With the default per-user limit (admitted, then answered) and without one (answered, then
   * recorded with its reply in one step).
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "limits: {perUser: none}"})
  void echo_typed_in_a_thread_and_delivered_twice_is_posted_into_the_root_once(String limits) {
    serve(BOT_TOKEN, "  echo: {builtin: echo}\n", limits);
    String root = mattermost.seedPost(CHANNEL, "");
    String reply = mattermost.seedPost(CHANNEL, root);

    RawHttp.Response first = webhook(reply, "echo hello there");
    RawHttp.Response copy = webhook(reply, "echo hello there");

    assertThat(new JsonObject(first.body()).containsKey("text")).isFalse();
    assertThat(new JsonObject(copy.body()).containsKey("text")).isFalse();
    mattermost.until(() -> botPosts().size() == 1).timeout(20, TimeUnit.SECONDS).await();
    RawHttp.Response marker = webhook(mattermost.seedPost(CHANNEL, root), "echo marker");
    assertThat(marker.status()).isEqualTo(200);
    mattermost.until(() -> botPosts().size() == 2).timeout(20, TimeUnit.SECONDS).await();
    assertThat(botPosts())
        .extracting(FakePost::message)
        .containsExactlyInAnyOrder("hello there", "marker");
    assertThat(botPosts()).allMatch(p -> p.rootId().equals(root));
  }

  @Test
  void a_result_posted_later_leaves_its_run_finished_with_the_reply_delivered() {
    serve(BOT_TOKEN, "  status: {builtin: status}\n", "limits: {perUser: none}");
    String trigger = mattermost.seedPost(CHANNEL, "");

    webhook(trigger, "nap 1");

    FakePost result = awaitEdited();
    String placeholder =
        new JsonObject(mattermost.requests("POST", "/api/v4/posts").get(0).body())
            .getString("message");
    Matcher runId = Pattern.compile("run `([a-z0-9]+)`").matcher(placeholder);
    assertThat(runId.find()).as(placeholder).isTrue();
    String status = statusOnceDelivered(runId.group(1));
    assertThat(status).contains("succeeded").contains("Exit code: 0").contains("Reply: delivered");
    assertThat(result.message()).contains("slept 1");
  }

  /** The status of a run, asked again until its reply is recorded as delivered (at most 20 s). */
  private String statusOnceDelivered(String runId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String text;
    do {
      RawHttp.Response answer = webhook(mattermost.seedPost(CHANNEL, ""), "status " + runId);
      text = new JsonObject(answer.body()).getString("text", "");
    } while (!text.contains("Reply: delivered") && System.nanoTime() < deadline);
    return text;
  }

  @Test
  void without_a_bot_a_thread_reply_command_waits_and_answers_inline() {
    serve("", "");
    String trigger = mattermost.seedPost(CHANNEL, "");

    RawHttp.Response answer = webhook(trigger, "later");

    assertThat(new JsonObject(answer.body()).getString("text")).contains("posted later");
  }

  @Test
  void slash_result_goes_to_response_url_when_the_bot_cannot_post_in_the_channel() {
    serve(BOT_TOKEN, "");
    String responseUrl = mattermost.newResponseUrl();
    mattermost.failNext(1, 403);

    slash("nap 1", "", responseUrl);

    List<JsonObject> responses =
        mattermost
            .awaitResponses(FakeMattermost.hookIdOf(responseUrl), 1)
            .timeout(20, TimeUnit.SECONDS)
            .await();
    assertThat(responses.get(0).getString("text")).contains("slept 1");
    assertThat(botPosts()).isEmpty();
  }
}
