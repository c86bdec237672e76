package dev.commandeer.webhook;

import dev.commandeer.chat.Reply;
import io.vertx.core.json.JsonObject;

/**
 * Turns a {@link Reply} into the body Mattermost reads after an outgoing webhook. Mattermost
 * ignores the status code and posts whenever {@code text} is present: {@code response_type:
 * comment} makes it a reply to the triggering post, no type a new post in the channel, and a body
 * without {@code text} posts nothing.
 */
public final class WebhookReply {

  private WebhookReply() {}

  public static JsonObject toJson(Reply reply) {
    if (reply.visibility() == Reply.Visibility.NONE || reply.text().isEmpty()) {
      return new JsonObject();
    }
    JsonObject body = new JsonObject().put("text", reply.text());
    if (reply.visibility() != Reply.Visibility.CHANNEL) {
      body.put("response_type", "comment");
    }
    return body;
  }
}
