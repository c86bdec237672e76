package dev.commandeer.command;

import dev.commandeer.config.ArgConfig;
import java.util.ArrayList;
import java.util.List;

/** Writes help for one caller: only what they may run, or everything for an admin. */
final class HelpText {

  private final CommandCatalog catalog;
  private final Access access;

  HelpText(CommandCatalog catalog, Access access) {
    this.catalog = catalog;
    this.access = access;
  }

  /** Every command the caller may see, one line each. */
  String overview() {
    String title =
        access.isAdmin() ? "**All commands** (admins see every one):" : "**Commands you can run:**";
    return title
        + "\n"
        + lines(CommandPath.ROOT)
        + "\nType `help <command>` for the details of one.";
  }

  /** The commands of a group the caller may see. */
  String group(CommandPath group) {
    return heading(group)
        + "\n"
        + lines(group)
        + "\nType "
        + Markdown.code("help " + group.text() + " <command>")
        + " for the details of one.";
  }

  /** One command's usage, description and arguments. */
  String command(CommandPath command) {
    List<ArgConfig> args = command.args();
    if (args.isEmpty()) {
      return heading(command) + "\nIt takes no arguments.";
    }
    StringBuilder text = new StringBuilder(heading(command));
    for (ArgConfig arg : args) {
      text.append('\n').append(argument(arg));
    }
    if (args.size() == 1) {
      return text.toString();
    }
    String first = args.get(0).name();
    return text.append("\nGive the arguments in this order, or by name: ")
        .append(Markdown.code("--" + first + " value"))
        .append(" or ")
        .append(Markdown.code("--" + first + "=value"))
        .append('.')
        .toString();
  }

  private String lines(CommandPath under) {
    List<String> lines = new ArrayList<>();
    for (CommandPath path : catalog.leaves(under)) {
      if (access.maySee(path)) {
        lines.add("- " + summary(path));
      }
    }
    return lines.isEmpty() ? "_Nothing you can run here._" : String.join("\n", lines);
  }

  private String summary(CommandPath path) {
    String description = Builtins.description(path.leaf());
    String line = Markdown.code(Usage.of(path)) + (description == null ? "" : " — " + description);
    return access.mayRun(path) ? line : line + " _(not allowed for you here)_";
  }

  private static String heading(CommandPath path) {
    String description = Builtins.description(path.leaf());
    return "**"
        + Markdown.code(Usage.of(path))
        + "**"
        + (description == null ? "" : " — " + description);
  }

  private static String argument(ArgConfig arg) {
    List<String> parts = new ArrayList<>();
    if (arg.description() != null && !arg.description().isBlank()) {
      parts.add(arg.description());
    }
    if (!arg.choices().isEmpty()) {
      parts.add("one of " + String.join(", ", arg.choices().stream().map(Markdown::code).toList()));
    }
    if (arg.pattern() != null) {
      parts.add("must match " + Markdown.code(arg.pattern().pattern()));
    }
    if (arg.rest()) {
      parts.add("takes the rest of the line as typed");
    }
    String line = "- " + Markdown.code(arg.name()) + " (" + need(arg) + ")";
    return parts.isEmpty() ? line : line + ": " + String.join("; ", parts);
  }

  private static String need(ArgConfig arg) {
    if (arg.defaultValue() != null) {
      return "default " + Markdown.typed(arg.defaultValue());
    }
    return arg.required() ? "required" : "optional";
  }
}
