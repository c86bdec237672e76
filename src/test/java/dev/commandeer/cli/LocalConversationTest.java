package dev.commandeer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.ReplyMode;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalConversationTest {

  final LocalConversation local = new LocalConversation(Invocation.local("alice", "dev", "echo"));

  @Test
  void the_console_waits_for_the_answer_and_nothing_repeats() {
    assertThat(local.reach()).isEqualTo(Conversation.Reach.WAITS);
    assertThat(local.onceKey()).isEmpty();
    assertThat(local.responseUrl()).isEmpty();
    assertThat(local.commentsOn()).isEmpty();
  }

  @Test
  void an_ephemeral_command_is_shown_as_only_for_the_caller() {
    assertThat(local.visibility(ReplyMode.EPHEMERAL)).isEqualTo(Reply.Visibility.EPHEMERAL);
    assertThat(local.render(Reply.ephemeral("x")))
        .isEqualTo(new JsonObject().put("where", "only you would see this").put("text", "x"));
  }

  @Test
  void prints_where_the_answer_would_appear_and_its_text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TryCommand.print(local.render(Reply.thread("done")), new PrintStream(out, true));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("── posted in the thread ──\ndone\n");
  }
}
