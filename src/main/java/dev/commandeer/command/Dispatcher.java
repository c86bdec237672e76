package dev.commandeer.command;

import dev.commandeer.config.ReplyMode;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.reply.Reply;
import io.vertx.core.Future;

/**
 * Turns an authenticated {@link Invocation} into the reply its caller sees: resolves the text to a
 * command, refuses what may not run, runs built-ins, and hands external programs to {@link
 * ProgramCommands}.
 */
public final class Dispatcher {

  private final CommandCatalog catalog;
  private final BuiltinCommands builtins;
  private final ProgramCommands programs;
  private final RunIds ids = new RunIds();

  public Dispatcher(CommandCatalog catalog, BuiltinCommands builtins, ProgramCommands programs) {
    this.catalog = catalog;
    this.builtins = builtins;
    this.programs = programs;
  }

  public Future<Reply> dispatch(Invocation invocation, TokenConfig token) {
    Resolution resolution = catalog.resolve(invocation, token);
    if (resolution instanceof Resolution.Help help) {
      return Future.succeededFuture(Reply.ephemeral(help.text()));
    }
    if (resolution instanceof Resolution.Refusal refusal) {
      return Future.succeededFuture(Reply.ephemeral(refusal.text()));
    }
    Resolution.Run run = (Resolution.Run) resolution;
    if (run.command().isProgram()) {
      return programs.run(run, invocation);
    }
    return builtins
        .run(run, invocation, token, ids.next())
        .map(text -> new Reply(text, visibility(run.command().reply())));
  }

  static Reply.Visibility visibility(ReplyMode mode) {
    return switch (mode) {
      case EPHEMERAL -> Reply.Visibility.EPHEMERAL;
      case CHANNEL -> Reply.Visibility.CHANNEL;
      default -> Reply.Visibility.THREAD;
    };
  }
}
