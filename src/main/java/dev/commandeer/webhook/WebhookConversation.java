package dev.commandeer.webhook;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.chat.ThreadLookup;
import dev.commandeer.config.ReplyMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * An outgoing webhook's conversation: a post in a public channel that Mattermost hands over and
 * waits on for an answer, which it posts as a comment on that post (or a new post in the channel).
 * Nobody but the whole channel sees a webhook's answer, and Mattermost does not say which thread
 * the post is in.
 */
public record WebhookConversation(Invocation invocation) implements Conversation {

  @Override
  public Reach reach() {
    return Reach.HTTP;
  }

  /** The post: several hooks or callback URLs matching one post deliver it more than once. */
  @Override
  public Optional<String> onceKey() {
    return commentsOn().map(post -> "post:" + post);
  }

  /** A webhook cannot answer one person alone: what would be ephemeral goes in the thread. */
  @Override
  public Reply.Visibility visibility(ReplyMode mode) {
    return mode == ReplyMode.CHANNEL ? Reply.Visibility.CHANNEL : Reply.Visibility.THREAD;
  }

  /** The trigger post's root, looked up: the post may itself be a reply in a thread. */
  @Override
  public Future<String> threadRoot(ThreadLookup lookup) {
    String post = invocation.postId();
    return post.isEmpty() ? Future.succeededFuture("") : lookup.rootOf(post).otherwise(post);
  }

  @Override
  public Optional<String> commentsOn() {
    return invocation.postId().isEmpty() ? Optional.empty() : Optional.of(invocation.postId());
  }

  @Override
  public Optional<String> responseUrl() {
    return Optional.empty();
  }

  /** The second copy of a post answers nothing rather than add noise to the thread. */
  @Override
  public Reply repeated(String earlierRunId) {
    return Reply.none();
  }

  @Override
  public JsonObject render(Reply reply) {
    return WebhookReply.toJson(reply);
  }
}
