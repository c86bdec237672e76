package dev.commandeer.reply;

import dev.commandeer.chat.ThreadLookup;
import io.vertx.core.Future;

/** The bot account configured by {@code mattermost.url} and {@code mattermost.botToken}. */
public final class MattermostBot implements Bot {

  private final MattermostClient client;

  public MattermostBot(MattermostClient client) {
    this.client = client;
  }

  @Override
  public boolean posts() {
    return true;
  }

  @Override
  public ThreadLookup threads() {
    return client::threadRootOf;
  }

  @Override
  public Future<Post> create(NewPost post) {
    return client.createPost(post);
  }

  @Override
  public Future<Void> patch(String postId, String message) {
    return client.patchPost(postId, message).mapEmpty();
  }
}
