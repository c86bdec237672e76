package dev.commandeer.store;

import java.util.Objects;

/**
 * Who started a run, from where and through which integration.
 *
 * @param ingress {@code webhook}, {@code slash} or {@code local}
 * @param postId the triggering post (webhooks), or empty
 * @param rootId the thread the command was typed in, or empty
 */
public record RunOrigin(
    String ingress,
    String teamId,
    String teamName,
    String channelId,
    String channelName,
    String userId,
    String userName,
    String postId,
    String rootId) {

  public RunOrigin {
    Objects.requireNonNull(ingress, "ingress");
    if (ingress.isBlank()) {
      throw new IllegalArgumentException("ingress must not be blank");
    }
    teamId = orEmpty(teamId);
    teamName = orEmpty(teamName);
    channelId = orEmpty(channelId);
    channelName = orEmpty(channelName);
    userId = orEmpty(userId);
    userName = orEmpty(userName);
    postId = orEmpty(postId);
    rootId = orEmpty(rootId);
  }

  /** The thread a later message about this run belongs in, or empty when there is none. */
  public String thread() {
    return rootId.isEmpty() ? postId : rootId;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
