package dev.commandeer.slash;

import dev.commandeer.chat.Reply;
import io.vertx.core.json.JsonObject;

/**
 * Turns a {@link Reply} into a slash-command response. Mattermost needs exactly HTTP 200 with
 * {@code Content-Type: application/json}; {@code ephemeral} shows the text to the caller only,
 * {@code in_channel} posts it (in the caller's thread when the command was typed in one). Slack
 * markup parsing is skipped so program output such as {@code <!channel>} cannot notify anyone.
 */
public final class SlashReply {

  private SlashReply() {}

  public static JsonObject toJson(Reply reply) {
    if (reply.visibility() == Reply.Visibility.NONE || reply.text().isEmpty()) {
      return new JsonObject();
    }
    String type = reply.visibility() == Reply.Visibility.EPHEMERAL ? "ephemeral" : "in_channel";
    return new JsonObject()
        .put("response_type", type)
        .put("text", reply.text())
        .put("skip_slack_parsing", true);
  }
}
