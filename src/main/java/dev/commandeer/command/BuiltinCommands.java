package dev.commandeer.command;

import io.vertx.core.Future;

/** The commands Commandeer answers itself, named by {@code builtin:} in the config. */
public final class BuiltinCommands {

  public Future<String> run(Resolution.Run run, Invocation invocation) {
    String name = run.command().builtin();
    if ("echo".equals(name)) {
      return Future.succeededFuture(echo(run.args().getOrDefault("text", "")));
    }
    return Future.succeededFuture(
        "The built-in `" + name + "` is not available in this version of Commandeer.");
  }

  static String echo(String text) {
    return text.isBlank() ? "_(nothing to echo)_" : text;
  }
}
