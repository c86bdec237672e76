package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.MessageText;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * The commands Commandeer answers itself, named by {@code builtin:} in the config: {@code echo},
 * {@code todo}, {@code history}, {@code status} and {@code cancel}. ({@code help} never gets here:
 * resolving answers it.) Answers are Mattermost markdown within its message limit; a store failure
 * fails the future.
 */
public final class BuiltinCommands {

  private final CommandCatalog catalog;
  private final Config config;
  private final TodoCommand todo;
  private final HistoryCommand history;
  private final StatusCommand status;
  private final CancelCommand cancel;

  /**
   * @param cancelHere cancels a run if this process runs it; false when it does not
   */
  public BuiltinCommands(
      Store store, CommandCatalog catalog, Config config, Predicate<String> cancelHere) {
    this(store, catalog, config, cancelHere, Clock.systemUTC());
  }

  BuiltinCommands(
      Store store,
      CommandCatalog catalog,
      Config config,
      Predicate<String> cancelHere,
      Clock clock) {
    this.catalog = catalog;
    this.config = config;
    this.todo = new TodoCommand(store);
    this.history = new HistoryCommand(store, clock);
    this.status = new StatusCommand(store, clock);
    this.cancel = new CancelCommand(store, cancelHere);
  }

  /**
   * Runs a built-in and answers with its message.
   *
   * @param token the token the request came with; null for a local run
   * @param runId the id this run is recorded under
   */
  public Future<String> run(
      Resolution.Run run, Invocation invocation, TokenConfig token, String runId) {
    RunAccess access = new RunAccess(catalog, config, invocation, token);
    String name = String.join(" ", run.path());
    Future<String> answer =
        switch (String.valueOf(run.command().builtin())) {
          case "echo" -> Future.succeededFuture(echo(arg(run, "text")));
          case "todo" -> todo.run(name, arg(run, "action"), invocation);
          case "history" -> history.run(arg(run, "count"), invocation, access, runId);
          case "status" -> status.run(arg(run, "run"), access);
          case "cancel" -> cancel.run(arg(run, "run"), access);
          default ->
              Future.succeededFuture(
                  "The built-in "
                      + Markdown.code(run.command().builtin())
                      + " is not available in this version of Commandeer.");
        };
    return answer.map(MessageText::fit);
  }

  /**
   * The text back, except that {@code @channel}, {@code @all} and {@code @here} lose their power:
   * the answer is posted by the integration, and echo must not let anyone notify a whole channel.
   */
  static String echo(String text) {
    if (text.isBlank()) {
      return "_(nothing to echo)_";
    }
    return CHANNEL_MENTION.matcher(text).replaceAll("@\u200B$1");
  }

  private static final java.util.regex.Pattern CHANNEL_MENTION =
      java.util.regex.Pattern.compile(
          "@(channel|all|here)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

  private static String arg(Resolution.Run run, String name) {
    return run.args().getOrDefault(name, "");
  }
}
