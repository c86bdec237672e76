package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.store.RunOrigin;
import java.util.Locale;

/** Where a run came from, as the store keeps it, taken from the invocation that started it. */
final class RunOrigins {

  private RunOrigins() {}

  /**
   * The origin of a run started by {@code invocation}; its channel id is {@link #channelKey}, so
   * that {@code history} finds local runs too.
   */
  static RunOrigin of(Invocation invocation) {
    return new RunOrigin(
        invocation.ingress().name().toLowerCase(Locale.ROOT),
        invocation.teamId(),
        invocation.teamDomain(),
        channelKey(invocation),
        invocation.channelName(),
        invocation.userId(),
        invocation.userName(),
        invocation.postId(),
        invocation.rootId());
  }

  /**
   * The key a channel's runs and to-dos are kept under: its id, or for a local run, which has no
   * id, its name.
   */
  static String channelKey(Invocation invocation) {
    return invocation.channelId().isEmpty() ? invocation.channelName() : invocation.channelId();
  }

  /** Who the caller is in answers: the user name, else the id. */
  static String caller(Invocation invocation) {
    return invocation.userName().isEmpty() ? invocation.userId() : invocation.userName();
  }
}
