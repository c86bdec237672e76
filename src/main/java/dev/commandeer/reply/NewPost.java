package dev.commandeer.reply;

import dev.commandeer.chat.MessageText;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A post the bot is about to create.
 *
 * @param message markdown; cut with a note when longer than Mattermost accepts
 * @param rootId the thread to reply in, or empty for a new root post in the channel
 * @param props extra post properties; empty for none
 */
public record NewPost(String channelId, String message, String rootId, Map<String, Object> props) {

  public NewPost {
    if (channelId == null || channelId.isBlank()) {
      throw new IllegalArgumentException("channelId must not be blank");
    }
    message = MessageText.fit(message == null ? "" : message);
    rootId = rootId == null ? "" : rootId;
    props = props == null ? Map.of() : Map.copyOf(props);
  }

  /** A new root post in the channel. */
  public static NewPost inChannel(String channelId, String message) {
    return new NewPost(channelId, message, "", Map.of());
  }

  /** A reply in the thread whose root post is {@code rootId}. */
  public static NewPost inThread(String channelId, String rootId, String message) {
    Objects.requireNonNull(rootId, "rootId");
    return new NewPost(channelId, message, rootId, Map.of());
  }

  JsonObject toJson(String pendingPostId) {
    JsonObject json =
        new JsonObject()
            .put("channel_id", channelId)
            .put("message", message)
            .put("root_id", rootId)
            .put("pending_post_id", pendingPostId);
    if (!props.isEmpty()) {
      json.put("props", new JsonObject(new HashMap<>(props)));
    }
    return json;
  }
}
