package dev.commandeer.reply;

import dev.commandeer.chat.ThreadLookup;
import io.vertx.core.Future;

/** No bot account: nothing is posted as the bot, and every post is taken for a thread root. */
public final class NoBot implements Bot {

  @Override
  public boolean posts() {
    return false;
  }

  @Override
  public ThreadLookup threads() {
    return ThreadLookup.AS_GIVEN;
  }

  @Override
  public Future<Post> create(NewPost post) {
    return Future.failedFuture(missing());
  }

  @Override
  public Future<Void> patch(String postId, String message) {
    return Future.failedFuture(missing());
  }

  private static IllegalStateException missing() {
    return new IllegalStateException(
        "no bot account is configured (mattermost.url and mattermost.botToken)");
  }
}
