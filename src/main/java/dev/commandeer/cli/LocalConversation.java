package dev.commandeer.cli;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.chat.ThreadLookup;
import dev.commandeer.config.ReplyMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The conversation of {@code commandeer try}: one command typed at the console, whose answer is
 * printed once it is there, however long the run takes. Nothing is posted and nothing repeats.
 */
record LocalConversation(Invocation invocation) implements Conversation {

  @Override
  public Reach reach() {
    return Reach.WAITS;
  }

  @Override
  public Optional<String> onceKey() {
    return Optional.empty();
  }

  @Override
  public Reply.Visibility visibility(ReplyMode mode) {
    return Reply.Visibility.of(mode);
  }

  @Override
  public Future<String> threadRoot(ThreadLookup lookup) {
    return Future.succeededFuture("");
  }

  @Override
  public Optional<String> commentsOn() {
    return Optional.empty();
  }

  @Override
  public Optional<String> responseUrl() {
    return Optional.empty();
  }

  @Override
  public Reply repeated(String earlierRunId) {
    return Reply.ephemeral("This was already run as `" + earlierRunId + "`; it is not run again.");
  }

  /** What the console prints: where the answer would appear, and its text. */
  @Override
  public JsonObject render(Reply reply) {
    String where =
        switch (reply.visibility()) {
          case EPHEMERAL -> "only you would see this";
          case THREAD -> "posted in the thread";
          case CHANNEL -> "posted in the channel";
          case NONE -> "nothing would be posted";
        };
    return new JsonObject().put("where", where).put("text", reply.text());
  }
}
