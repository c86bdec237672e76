package dev.commandeer.reply;

import dev.commandeer.chat.ThreadLookup;
import io.vertx.core.Future;

/**
 * Commandeer's bot account on the Mattermost server, or {@link NoBot} when none is configured:
 * decided once, where the service is put together.
 */
public interface Bot {

  /** Whether there is a bot account to post as. */
  boolean posts();

  /** How the bot finds the root of a post's thread; takes each post for a root without a bot. */
  ThreadLookup threads();

  /** Creates a post as the bot. */
  Future<Post> create(NewPost post);

  /** Replaces the message of one of the bot's posts. */
  Future<Void> patch(String postId, String message);
}
