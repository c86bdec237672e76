package dev.commandeer.reply;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A reply that travels through Mattermost's REST API rather than the HTTP answer. Each kind can be
 * written to JSON and read back, so an outbox can keep it until it is delivered.
 */
public sealed interface Delivery {

  /** The run the reply belongs to, for logs and history. */
  String runId();

  JsonObject toJson();

  /** This delivery for the run {@code id} instead: the same reply, should its run move. */
  default Delivery withRunId(String id) {
    if (id.equals(runId())) {
      return this;
    }
    if (this instanceof Create create) {
      return new Create(id, create.post());
    }
    if (this instanceof Edit edit) {
      return new Edit(id, edit.postId(), edit.fallback());
    }
    Respond respond = (Respond) this;
    return new Respond(id, respond.url(), respond.body());
  }

  /** A new post as the bot. */
  record Create(String runId, NewPost post) implements Delivery {
    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("kind", "create")
          .put("runId", runId)
          .put("channelId", post.channelId())
          .put("rootId", post.rootId())
          .put("message", post.message());
    }
  }

  /** The bot's placeholder post turned into the result; created anew if it is gone. */
  record Edit(String runId, String postId, NewPost fallback) implements Delivery {
    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("kind", "edit")
          .put("runId", runId)
          .put("postId", postId)
          .put("channelId", fallback.channelId())
          .put("rootId", fallback.rootId())
          .put("message", fallback.message());
    }
  }

  /** An answer through a slash command's {@code response_url}. */
  record Respond(String runId, String url, JsonObject body) implements Delivery {
    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("kind", "respond")
          .put("runId", runId)
          .put("url", url)
          .put("body", body);
    }
  }

  static Delivery fromJson(JsonObject json) {
    String runId = json.getString("runId");
    return switch (json.getString("kind", "")) {
      case "create" -> new Create(runId, post(json));
      case "edit" -> new Edit(runId, json.getString("postId"), post(json));
      case "respond" -> new Respond(runId, json.getString("url"), json.getJsonObject("body"));
      default ->
          throw new IllegalArgumentException("unknown delivery kind in " + json.fieldNames());
    };
  }

  private static NewPost post(JsonObject json) {
    return new NewPost(
        json.getString("channelId"), json.getString("message"), json.getString("rootId"), Map.of());
  }
}
