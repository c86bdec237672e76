package dev.commandeer.command;

import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import java.util.function.Predicate;

/** The commands Commandeer answers itself, named by {@code builtin:} in the config. */
public final class BuiltinCommands {

  private final Store store;
  private final CommandCatalog catalog;
  private final Config config;
  private final Predicate<String> cancelHere;

  /**
   * @param cancelHere cancels a run if this process runs it; false when it does not
   */
  public BuiltinCommands(
      Store store, CommandCatalog catalog, Config config, Predicate<String> cancelHere) {
    this.store = store;
    this.catalog = catalog;
    this.config = config;
    this.cancelHere = cancelHere;
  }

  /**
   * Runs a built-in and answers with its message.
   *
   * @param runId the id this run is recorded under
   */
  public Future<String> run(
      Resolution.Run run, Invocation invocation, TokenConfig token, String runId) {
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
