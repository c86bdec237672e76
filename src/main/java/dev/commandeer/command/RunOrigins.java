package dev.commandeer.command;

import dev.commandeer.store.RunOrigin;

/** Where a run came from, as the history keeps it. */
final class RunOrigins {

  private RunOrigins() {}

  static RunOrigin of(Invocation invocation) {
    return new RunOrigin(
        invocation.ingress().name().toLowerCase(java.util.Locale.ROOT),
        invocation.teamId(),
        invocation.teamDomain(),
        invocation.channelId(),
        invocation.channelName(),
        invocation.userId(),
        invocation.userName(),
        invocation.postId(),
        invocation.rootId());
  }
}
