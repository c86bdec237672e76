package dev.commandeer.slash;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.chat.ThreadLookup;
import dev.commandeer.config.ReplyMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * A custom slash command's conversation: typed in any channel, answered in the HTTP response (to
 * the caller alone, or in the thread it was typed in) and later through its {@code response_url} or
 * the bot. Mattermost signs each command with a trigger id and says which thread it came from.
 *
 * @param triggerId the signed trigger id, or empty
 * @param responseUrl where delayed answers may be sent, if anywhere
 */
public record SlashConversation(
    Invocation invocation, String triggerId, Optional<String> responseUrl) implements Conversation {

  public SlashConversation {
    triggerId = triggerId == null ? "" : triggerId;
    responseUrl = responseUrl.filter(url -> !url.isEmpty());
  }

  @Override
  public Reach reach() {
    return Reach.HTTP;
  }

  /** The trigger id, which Mattermost makes anew for every command typed. */
  @Override
  public Optional<String> onceKey() {
    return triggerId.isEmpty() ? Optional.empty() : Optional.of("trigger:" + triggerId);
  }

  @Override
  public Reply.Visibility visibility(ReplyMode mode) {
    return Reply.Visibility.of(mode);
  }

  /** The thread it was typed in, as Mattermost sent it. */
  @Override
  public Future<String> threadRoot(ThreadLookup lookup) {
    return Future.succeededFuture(invocation.rootId());
  }

  /** Mattermost places a slash command's answer itself: in the thread it was typed in. */
  @Override
  public Optional<String> commentsOn() {
    return Optional.empty();
  }

  /** A person who repeats a command is told it ran already. */
  @Override
  public Reply repeated(String earlierRunId) {
    return Reply.ephemeral(
        "This message was already handled as run `" + earlierRunId + "`; it is not run again.");
  }

  @Override
  public JsonObject render(Reply reply) {
    return SlashReply.toJson(reply);
  }
}
