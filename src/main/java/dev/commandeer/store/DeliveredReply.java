package dev.commandeer.store;

import java.util.Objects;

/**
 * A reply Mattermost took, for {@link Store#markDelivered(java.util.List)}.
 *
 * @param itemId the outbox item
 * @param runId the run the reply is about
 * @param postId the post that now carries the reply, or empty (a {@code response_url} answer)
 */
public record DeliveredReply(String itemId, String runId, String postId) {

  public DeliveredReply {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(runId, "runId");
    postId = postId == null ? "" : postId;
  }
}
