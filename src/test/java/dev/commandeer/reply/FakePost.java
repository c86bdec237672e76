package dev.commandeer.reply;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A post as {@link FakeMattermost} stores it.
 *
 * @param rootId the thread's root, or empty for a root post
 * @param pendingPostId what the creator sent as {@code pending_post_id}; empty for seeded posts
 */
public record FakePost(
    String id,
    String channelId,
    String rootId,
    String message,
    Map<String, Object> props,
    String userId,
    String pendingPostId,
    long createAt,
    long editAt) {

  public boolean isReply() {
    return !rootId.isEmpty();
  }

  /** The post as Mattermost's REST API answers it. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("create_at", createAt)
        .put("update_at", Math.max(createAt, editAt))
        .put("edit_at", editAt)
        .put("delete_at", 0)
        .put("is_pinned", false)
        .put("user_id", userId)
        .put("channel_id", channelId)
        .put("root_id", rootId)
        .put("original_id", "")
        .put("message", message)
        .put("type", "")
        .put("props", new JsonObject(new LinkedHashMap<>(props)))
        .put("hashtags", "")
        .put("pending_post_id", pendingPostId)
        .put("reply_count", 0)
        .put("metadata", new JsonObject());
  }

  FakePost withMessage(String newMessage, long at) {
    return new FakePost(
        id, channelId, rootId, newMessage, props, userId, pendingPostId, createAt, at);
  }
}
