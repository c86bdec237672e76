package dev.commandeer.reply;

import io.vertx.core.Future;

/**
 * Sends one {@link Delivery} to Mattermost: a new post, an edit of the placeholder (posted anew
 * when the placeholder is gone), or an answer to a slash command's {@code response_url}.
 */
public final class ReplySender {

  private final MattermostClient client;

  public ReplySender(MattermostClient client) {
    this.client = client;
  }

  /** Delivers one reply; the future carries the id of the post that holds it, or "". */
  Future<String> deliver(Delivery delivery) {
    if (delivery instanceof Delivery.Create create) {
      return client.createPost(create.post(), pendingPostId(delivery)).map(Post::id);
    }
    if (delivery instanceof Delivery.Edit edit) {
      return client
          .patchPost(edit.postId(), edit.fallback().message())
          .map(Post::id)
          .recover(
              e ->
                  gone(e)
                      ? client.createPost(edit.fallback(), pendingPostId(delivery)).map(Post::id)
                      : Future.failedFuture(e));
    }
    Delivery.Respond respond = (Delivery.Respond) delivery;
    return client.respond(respond.url(), respond.body()).map("");
  }

  /** The outbox item kind a delivery is kept under. */
  static String kind(Delivery delivery) {
    if (delivery instanceof Delivery.Create) {
      return "create_post";
    }
    return delivery instanceof Delivery.Edit ? "edit_post" : "respond";
  }

  /** Whether a failed delivery is worth trying again later. */
  static boolean retriable(Throwable e) {
    return e instanceof MattermostUnavailable
        || (e instanceof MattermostException m && m.isTransient());
  }

  /**
   * The same reply retried (by this replica after a lost answer, or by another after a lease ran
   * out) carries the same {@code pending_post_id}, so Mattermost keeps one post.
   */
  private static String pendingPostId(Delivery delivery) {
    return "cmdr-" + delivery.runId() + "-" + kind(delivery).charAt(0);
  }

  /** The placeholder was deleted or cannot be edited: post the result anew. */
  private static boolean gone(Throwable e) {
    return e instanceof MattermostException m && (m.status() == 404 || m.status() == 403);
  }
}
