package dev.commandeer.slash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.ReplyMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlashConversationTest {

  static SlashConversation typed(String rootId, String triggerId, String responseUrl) {
    Map<String, List<String>> form = new HashMap<>();
    form.put("command", List.of("/ops"));
    form.put("text", List.of("deploy api"));
    form.put("user_id", List.of("u1"));
    form.put("channel_id", List.of("c1"));
    form.put("root_id", List.of(rootId));
    form.put("trigger_id", List.of(triggerId));
    form.put("response_url", List.of(responseUrl));
    return SlashRequest.from(form, "Token t").open("slash");
  }

  @Test
  void the_line_to_parse_starts_with_the_command_word() {
    assertThat(typed("", "", "").invocation().commandLine()).isEqualTo("ops deploy api");
  }

  @Test
  void a_slash_command_is_run_once_per_trigger_id() {
    assertThat(typed("", "tr1", "").onceKey()).contains("trigger:tr1");
    assertThat(typed("", "", "").onceKey()).isEmpty();
    assertThat(typed("", "", "").reach()).isEqualTo(Conversation.Reach.HTTP);
  }

  @Test
  void a_slash_repeat_names_the_earlier_run() {
    assertThat(typed("", "tr1", "").repeated("abc123"))
        .isEqualTo(
            Reply.ephemeral(
                "This message was already handled as run `abc123`; it is not run again."));
  }

  @Test
  void a_slash_command_can_answer_the_caller_alone() {
    SlashConversation slash = typed("", "", "");
    assertThat(slash.visibility(ReplyMode.EPHEMERAL)).isEqualTo(Reply.Visibility.EPHEMERAL);
    assertThat(slash.visibility(ReplyMode.AUTO)).isEqualTo(Reply.Visibility.THREAD);
    assertThat(slash.visibility(ReplyMode.CHANNEL)).isEqualTo(Reply.Visibility.CHANNEL);
  }

  @Test
  void a_slash_reply_goes_in_the_thread_it_was_typed_in_without_asking() {
    SlashConversation slash = typed("root1", "", "");
    assertThat(slash.threadRoot(post -> Future.failedFuture(new AssertionError(post))).result())
        .isEqualTo("root1");
    assertThat(slash.commentsOn()).isEmpty();
  }

  @Test
  void a_response_url_is_offered_only_when_mattermost_sent_one() {
    assertThat(typed("", "", "https://chat/hooks/commands/x").responseUrl())
        .contains("https://chat/hooks/commands/x");
    assertThat(typed("", "", "").responseUrl()).isEmpty();
  }

  @Test
  void renders_the_slash_response_without_slack_parsing() {
    assertThat(typed("", "", "").render(Reply.ephemeral("hi")))
        .isEqualTo(
            new JsonObject()
                .put("response_type", "ephemeral")
                .put("text", "hi")
                .put("skip_slack_parsing", true));
  }
}
