package dev.commandeer.command;

import dev.commandeer.config.ArgConfig;

/**
 * The one notation for how a command is typed, shared by help and by error answers: {@code <name>}
 * must be given, {@code [name]} may be left out, {@code ...} takes the rest of the line, and a
 * group shows {@code <command>}: {@code deploy <service> [env]}, {@code echo [text...]}, {@code ops
 * <command>}.
 */
final class Usage {

  private Usage() {}

  static String of(CommandPath path) {
    StringBuilder usage = new StringBuilder(path.text());
    if (path.isGroup()) {
      usage.append(" <command>");
    }
    for (ArgConfig arg : path.args()) {
      usage.append(' ').append(of(arg));
    }
    return usage.toString();
  }

  /** {@code Usage: `deploy <service> [env]`}, the line every argument error ends with. */
  static String line(CommandPath path) {
    return "Usage: " + Markdown.code(of(path));
  }

  static String of(ArgConfig arg) {
    String name = arg.rest() ? arg.name() + "..." : arg.name();
    return mustBeGiven(arg) ? "<" + name + ">" : "[" + name + "]";
  }

  static boolean mustBeGiven(ArgConfig arg) {
    return arg.required() && arg.defaultValue() == null;
  }
}
