package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.config.CommandConfig;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured commands, {@code help} always among them, and the way from a line of text to the
 * command it names.
 *
 * <p>Build one per configuration and share it: it holds no state of its own beyond the config.
 */
public final class CommandCatalog {

  private final Config config;
  private final List<CommandConfig> topLevel;

  public CommandCatalog(Config config) {
    this.config = config;
    Map<String, CommandConfig> commands = new HashMap<>(config.commands());
    commands.put(Builtins.HELP, Builtins.help());
    this.topLevel = sorted(commands.values());
  }

  /**
   * What {@code invocation}'s text asks for, as seen by its caller through {@code token}.
   *
   * @param token the token the request came with; null for a local run, which it restricts nothing
   */
  public Resolution resolve(Invocation invocation, TokenConfig token) {
    Access access = new Access(config, invocation, token);
    return new Resolver(this, access, invocation).resolve();
  }

  /**
   * Whether the caller of {@code invocation}, through {@code token}, may run the command now, by
   * the same rules as resolving: the token's commands and every level's {@code allow}. Admins get
   * no exception here. False for a command the config no longer has.
   *
   * @param command a top-level name or a space-joined path as runs are recorded: {@code deploy},
   *     {@code ops deploy}
   * @param token null for a local run, which it restricts nothing
   */
  public boolean mayRun(String command, Invocation invocation, TokenConfig token) {
    Access access = new Access(config, invocation, token);
    return find(command).map(access::mayRun).orElse(false);
  }

  /** The command a space-joined path names, ignoring case. */
  Optional<CommandPath> find(String command) {
    CommandPath path = CommandPath.ROOT;
    for (String name : command.strip().split("\\s+")) {
      if (!path.isRoot() && !path.isGroup()) {
        return Optional.empty();
      }
      Optional<CommandConfig> next = child(path, name);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      path = path.then(next.get());
    }
    return Optional.of(path);
  }

  /** The commands directly under {@code path}, by name. */
  List<CommandConfig> children(CommandPath path) {
    if (path.isRoot()) {
      return topLevel;
    }
    return sorted(path.leaf().commands().values());
  }

  /** The command under {@code path} with this name, ignoring case. */
  Optional<CommandConfig> child(CommandPath path, String name) {
    return children(path).stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }

  /** Every runnable command under {@code path} (groups opened), by name. */
  List<CommandPath> leaves(CommandPath path) {
    List<CommandPath> leaves = new ArrayList<>();
    for (CommandConfig child : children(path)) {
      CommandPath next = path.then(child);
      if (next.isGroup()) {
        leaves.addAll(leaves(next));
      } else {
        leaves.add(next);
      }
    }
    return leaves;
  }

  private static List<CommandConfig> sorted(Collection<CommandConfig> commands) {
    return commands.stream().sorted(Comparator.comparing(CommandConfig::name)).toList();
  }
}
