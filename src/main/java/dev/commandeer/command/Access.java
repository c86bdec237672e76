package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.config.AllowConfig;
import dev.commandeer.config.CommandConfig;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;

/** What one caller, through one token, in one channel and team, may run. */
final class Access {

  private final Config config;
  private final Invocation caller;
  private final TokenConfig token;

  /** A null token (a local run) restricts nothing. */
  Access(Config config, Invocation caller, TokenConfig token) {
    this.config = config;
    this.caller = caller;
    this.token = token;
  }

  boolean isAdmin() {
    return config.isAdmin(caller.userName(), caller.userId());
  }

  /**
   * Whether the token allows the top-level command and every level's {@code allow} admits the
   * caller. {@code help} is always permitted.
   */
  boolean permits(CommandPath path) {
    if (Builtins.isHelp(path.leaf())) {
      return true;
    }
    if (token != null && !token.mayRun(path.top().name())) {
      return false;
    }
    return path.chain().stream().allMatch(this::admits);
  }

  /** A command the caller may run, or a group holding at least one. */
  boolean mayRun(CommandPath path) {
    if (!permits(path)) {
      return false;
    }
    return !path.isGroup()
        || path.leaf().commands().values().stream().anyMatch(c -> mayRun(path.then(c)));
  }

  /** Whether help shows the command: admins see every one. */
  boolean maySee(CommandPath path) {
    return isAdmin() || mayRun(path);
  }

  private boolean admits(CommandConfig command) {
    AllowConfig allow = command.allow() == null ? AllowConfig.EVERYONE : command.allow();
    return allow.permits(
        caller.userName(),
        caller.userId(),
        caller.channelName(),
        caller.channelId(),
        caller.teamDomain(),
        caller.teamId());
  }
}
