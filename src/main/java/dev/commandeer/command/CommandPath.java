package dev.commandeer.command;

import dev.commandeer.config.ArgConfig;
import dev.commandeer.config.CommandConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A command and the groups above it, top level first ({@code ops → deploy}); the empty path is the
 * catalog's root.
 */
record CommandPath(List<CommandConfig> chain) {

  static final CommandPath ROOT = new CommandPath(List.of());

  CommandPath {
    chain = List.copyOf(chain);
  }

  CommandPath then(CommandConfig child) {
    List<CommandConfig> longer = new ArrayList<>(chain);
    longer.add(child);
    return new CommandPath(longer);
  }

  boolean isRoot() {
    return chain.isEmpty();
  }

  CommandConfig top() {
    return chain.get(0);
  }

  CommandConfig leaf() {
    return chain.get(chain.size() - 1);
  }

  boolean isGroup() {
    return !isRoot() && leaf().isGroup();
  }

  List<String> names() {
    return chain.stream().map(CommandConfig::name).toList();
  }

  /** The names as typed: {@code ops deploy}. */
  String text() {
    return String.join(" ", names());
  }

  List<ArgConfig> args() {
    return isRoot() || isGroup() ? List.of() : Builtins.args(leaf());
  }
}
