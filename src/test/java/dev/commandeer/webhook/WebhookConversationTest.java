package dev.commandeer.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Reply;
import dev.commandeer.chat.ThreadLookup;
import dev.commandeer.config.ReplyMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookConversationTest {

  static WebhookConversation posted(String postId) {
    Map<String, List<String>> form =
        Map.of(
            "token", List.of("t"),
            "text", List.of("!ops echo hi"),
            "user_id", List.of("u1"),
            "channel_id", List.of("c1"),
            "post_id", List.of(postId),
            "trigger_word", List.of("!ops"));
    return WebhookRequest.from(form, null).open("hook");
  }

  @Test
  void a_webhook_is_answered_within_the_http_exchange() {
    assertThat(posted("p1").reach()).isEqualTo(Conversation.Reach.HTTP);
  }

  @Test
  void a_webhook_is_run_once_per_post() {
    assertThat(posted("p1").onceKey()).contains("post:p1");
    assertThat(posted("").onceKey()).isEmpty();
  }

  @Test
  void a_webhook_repeat_answers_nothing() {
    assertThat(posted("p1").repeated("run1")).isEqualTo(Reply.none());
    assertThat(posted("p1").render(Reply.none())).isEqualTo(new JsonObject());
  }

  @Test
  void a_webhook_cannot_answer_one_person_alone() {
    WebhookConversation webhook = posted("p1");
    assertThat(webhook.visibility(ReplyMode.EPHEMERAL)).isEqualTo(Reply.Visibility.THREAD);
    assertThat(webhook.visibility(ReplyMode.AUTO)).isEqualTo(Reply.Visibility.THREAD);
    assertThat(webhook.visibility(ReplyMode.CHANNEL)).isEqualTo(Reply.Visibility.CHANNEL);
  }

  @Test
  void a_webhook_reply_goes_under_the_root_of_its_post() {
    ThreadLookup roots = post -> Future.succeededFuture("root-of-" + post);
    assertThat(posted("p1").threadRoot(roots).result()).isEqualTo("root-of-p1");
    assertThat(posted("p1").threadRoot(ThreadLookup.AS_GIVEN).result()).isEqualTo("p1");
  }

  @Test
  void a_webhook_reply_goes_under_its_post_when_the_root_cannot_be_found() {
    ThreadLookup failing = post -> Future.failedFuture(new IllegalStateException("gone"));
    assertThat(posted("p1").threadRoot(failing).result()).isEqualTo("p1");
  }

  @Test
  void a_webhook_answer_is_a_comment_on_its_post_and_has_no_response_url() {
    assertThat(posted("p1").commentsOn()).contains("p1");
    assertThat(posted("").commentsOn()).isEmpty();
    assertThat(posted("p1").responseUrl()).isEqualTo(Optional.empty());
  }

  @Test
  void renders_the_comment_mattermost_posts() {
    assertThat(posted("p1").render(Reply.thread("done")))
        .isEqualTo(new JsonObject().put("text", "done").put("response_type", "comment"));
    assertThat(posted("p1").render(Reply.channel("done")))
        .isEqualTo(new JsonObject().put("text", "done"));
  }

  @Test
  void the_line_to_parse_is_the_message_as_typed() {
    assertThat(posted("p1").invocation().commandLine()).isEqualTo("!ops echo hi");
    assertThat(posted("p1").invocation().trigger()).isEqualTo("!ops");
  }
}
