package dev.commandeer.command;

import dev.commandeer.config.ArgConfig;
import dev.commandeer.config.CommandConfig;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The arguments and descriptions that built-in commands have without any configuration. */
final class Builtins {

  static final String HELP = "help";

  private static final Map<String, List<ArgConfig>> ARGS =
      Map.of(
          HELP,
          List.of(rest("command", "a command, or a group and its sub-command")),
          "echo",
          List.of(rest("text", "the text to repeat")),
          "todo",
          List.of(rest("action", "`add <text>`, `list`, `done <number>` or `delete <number>`")),
          "history",
          List.of(
              new ArgConfig(
                  "count",
                  "how many runs to show",
                  Pattern.compile("[0-9]{1,3}"),
                  List.of(),
                  null,
                  false,
                  false)),
          "status",
          List.of(required("run", "the id of the run")),
          "cancel",
          List.of(required("run", "the id of the run")));

  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          HELP,
          "List the commands you can run, or explain one",
          "echo",
          "Repeat the text back",
          "todo",
          "Keep a to-do list for this channel",
          "history",
          "Show the recent runs in this channel",
          "status",
          "Show how a run is doing",
          "cancel",
          "Cancel a run");

  private Builtins() {}

  /** The always present {@code help} command. */
  static CommandConfig help() {
    return CommandConfig.builtin(HELP, HELP, DESCRIPTIONS.get(HELP));
  }

  static boolean isHelp(CommandConfig command) {
    return HELP.equals(command.builtin());
  }

  /** A built-in's own arguments; a program's arguments as configured. */
  static List<ArgConfig> args(CommandConfig command) {
    return command.builtin() == null
        ? command.args()
        : ARGS.getOrDefault(command.builtin(), command.args());
  }

  /** The configured description, else the built-in's own, else null. */
  static String description(CommandConfig command) {
    if (command.description() != null && !command.description().isBlank()) {
      return command.description();
    }
    return command.builtin() == null ? null : DESCRIPTIONS.get(command.builtin());
  }

  private static ArgConfig rest(String name, String description) {
    return new ArgConfig(name, description, null, List.of(), null, false, true);
  }

  private static ArgConfig required(String name, String description) {
    return new ArgConfig(name, description, null, List.of(), null, true, false);
  }
}
