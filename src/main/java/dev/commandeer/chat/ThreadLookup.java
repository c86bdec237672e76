package dev.commandeer.chat;

import io.vertx.core.Future;

/** Finds the root of the thread a post belongs to. */
@FunctionalInterface
public interface ThreadLookup {

  /** Takes every post for a root: what is left without a way to ask Mattermost. */
  ThreadLookup AS_GIVEN = Future::succeededFuture;

  /** The root of {@code postId}'s thread; the post itself when it is a root. */
  Future<String> rootOf(String postId);
}
