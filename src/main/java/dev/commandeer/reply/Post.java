package dev.commandeer.reply;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A post as Mattermost stores it, reduced to what Commandeer needs.
 *
 * @param id Mattermost's 26-character id
 * @param rootId the thread's root post, or empty when this post is itself a root
 */
public record Post(String id, String channelId, String rootId, String message) {

  public Post {
    Objects.requireNonNull(id, "id");
    channelId = channelId == null ? "" : channelId;
    rootId = rootId == null ? "" : rootId;
    message = message == null ? "" : message;
  }

  /** True when this post is a reply inside a thread. */
  public boolean isReply() {
    return !rootId.isEmpty();
  }

  /** The id to use as {@code root_id} when replying to this post. */
  public String threadRoot() {
    return isReply() ? rootId : id;
  }

  static Post fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalStateException("Mattermost answered without a post");
    }
    return new Post(
        json.getString("id"),
        json.getString("channel_id"),
        json.getString("root_id"),
        json.getString("message"));
  }
}
