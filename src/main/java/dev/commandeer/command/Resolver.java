package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.command.ArgumentBinder.Binding;
import dev.commandeer.config.ArgConfig;
import dev.commandeer.config.CommandConfig;
import dev.commandeer.config.Suggestions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Resolves one invocation's line: prefix, command (through its groups), then arguments. */
final class Resolver {

  private final CommandCatalog catalog;
  private final Access access;
  private final Invocation invocation;
  private final WordReader words;
  private final HelpText help;

  Resolver(CommandCatalog catalog, Access access, Invocation invocation) {
    this.catalog = catalog;
    this.access = access;
    this.invocation = invocation;
    this.words = new WordReader(invocation.commandLine());
    this.help = new HelpText(catalog, access);
  }

  Resolution resolve() {
    try {
      return resolveLine();
    } catch (CommandException e) {
      return new Resolution.Refusal(e.getMessage());
    }
  }

  private Resolution resolveLine() {
    if (!words.hasNext()) {
      return new Resolution.Help(help.overview());
    }
    Word first = words.next();
    Optional<CommandConfig> top = catalog.child(CommandPath.ROOT, first.value());
    if (top.isEmpty() && isPrefix(first.value())) {
      if (!words.hasNext()) {
        return new Resolution.Help(help.overview());
      }
      first = words.next();
      top = catalog.child(CommandPath.ROOT, first.value());
    }
    if (top.isEmpty()) {
      return unknown(CommandPath.ROOT, first.value());
    }
    return walk(CommandPath.ROOT.then(top.get()));
  }

  /**
   * A first word that names no command is a prefix ({@code !ops}, {@code @opsbot}, a slash trigger)
   * rather than a misspelt command when it is the trigger, starts with a symbol, is followed by a
   * command, or stands alone and resembles no command.
   */
  private boolean isPrefix(String word) {
    if (word.equalsIgnoreCase(invocation.trigger())
        || !word.isEmpty() && !Character.isLetterOrDigit(word.codePointAt(0))) {
      return true;
    }
    if (!words.hasNext()) {
      return closest(CommandPath.ROOT, word).isEmpty();
    }
    return catalog.child(CommandPath.ROOT, words.peek().value()).isPresent();
  }

  private Resolution walk(CommandPath path) {
    while (path.isGroup()) {
      if (!words.hasNext() || asksForHelp(path)) {
        return groupHelp(path);
      }
      Word word = words.next();
      Optional<CommandConfig> sub = catalog.child(path, word.value());
      if (sub.isEmpty()) {
        return unknown(path, word.value());
      }
      path = path.then(sub.get());
    }
    if (Builtins.isHelp(path.leaf())) {
      return helpCommand();
    }
    if (!access.mayRun(path)) {
      return denied(path);
    }
    return bind(path);
  }

  private boolean asksForHelp(CommandPath group) {
    String next = words.peek().value();
    boolean asks =
        next.equals("--help")
            || next.equalsIgnoreCase(Builtins.HELP) && catalog.child(group, next).isEmpty();
    if (asks) {
      words.next();
    }
    return asks;
  }

  /** {@code help}, {@code help deploy}, {@code help ops deploy}. */
  private Resolution helpCommand() {
    CommandPath path = CommandPath.ROOT;
    while (words.hasNext() && (path.isRoot() || path.isGroup())) {
      Word word = words.next();
      Optional<CommandConfig> sub = catalog.child(path, word.value());
      if (sub.isEmpty()) {
        return unknown(path, word.value());
      }
      path = path.then(sub.get());
    }
    if (path.isRoot()) {
      return new Resolution.Help(help.overview());
    }
    if (!access.maySee(path)) {
      return denied(path);
    }
    return new Resolution.Help(path.isGroup() ? help.group(path) : help.command(path));
  }

  private Resolution groupHelp(CommandPath group) {
    if (!access.maySee(group)) {
      return denied(group);
    }
    return new Resolution.Help(help.group(group));
  }

  private Resolution bind(CommandPath path) {
    try {
      Binding binding = ArgumentBinder.bind(path.args(), words);
      if (binding.helpRequested()) {
        return new Resolution.Help(help.command(path));
      }
      return new Resolution.Run(
          path.names(), path.leaf(), binding.values(), display(path, binding.values()));
    } catch (CommandException e) {
      return new Resolution.Refusal(e.getMessage() + "\n" + Usage.line(path));
    }
  }

  private Resolution denied(CommandPath path) {
    return new Resolution.Refusal(
        "You are not allowed to run " + Markdown.code(path.text()) + " here.");
  }

  private Resolution unknown(CommandPath under, String name) {
    String prefix = under.isRoot() ? "" : under.text() + " ";
    List<String> close = closest(under, name);
    String didYouMean =
        close.isEmpty()
            ? ""
            : " Did you mean "
                + Markdown.orList(close.stream().map(c -> prefix + c).toList())
                + "?";
    return new Resolution.Refusal(
        "Unknown command "
            + Markdown.typed(prefix + name)
            + "."
            + didYouMean
            + " Type "
            + Markdown.code((Builtins.HELP + " " + prefix).trim())
            + " to see what you can run.");
  }

  /** Names under {@code path} close to {@code name}, among those the caller may run. */
  private List<String> closest(CommandPath under, String name) {
    List<String> runnable =
        catalog.children(under).stream()
            .filter(c -> access.mayRun(under.then(c)))
            .map(CommandConfig::name)
            .toList();
    return Suggestions.closest(name, runnable);
  }

  private static String display(CommandPath path, Map<String, String> values) {
    String args =
        path.args().stream()
            .filter(a -> !values.get(a.name()).isEmpty())
            .map(a -> shown(a, values.get(a.name())))
            .collect(Collectors.joining(" "));
    return args.isEmpty() ? path.text() : path.text() + " " + args;
  }

  private static String shown(ArgConfig arg, String value) {
    return arg.rest() ? value : Words.quote(value);
  }
}
