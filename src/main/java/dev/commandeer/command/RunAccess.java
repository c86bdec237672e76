package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.store.RunOrigin;
import dev.commandeer.store.RunRecord;

/**
 * What one caller may know about and do with recorded runs. A run is visible to whoever may run its
 * command now, to the person who started it, and to admins; a run the caller may not see is
 * answered as if it did not exist.
 */
final class RunAccess {

  private final CommandCatalog catalog;
  private final Config config;
  private final Invocation caller;
  private final TokenConfig token;

  RunAccess(CommandCatalog catalog, Config config, Invocation caller, TokenConfig token) {
    this.catalog = catalog;
    this.config = config;
    this.caller = caller;
    this.token = token;
  }

  boolean isAdmin() {
    return config.isAdmin(caller.userName(), caller.userId());
  }

  boolean startedBy(RunRecord run) {
    RunOrigin origin = run.origin();
    return same(origin.userId(), caller.userId()) || same(origin.userName(), caller.userName());
  }

  boolean maySee(RunRecord run) {
    return isAdmin() || startedBy(run) || catalog.mayRun(run.command(), caller, token);
  }

  boolean mayCancel(RunRecord run) {
    return isAdmin() || startedBy(run);
  }

  private static boolean same(String recorded, String callers) {
    return !recorded.isEmpty() && recorded.equals(callers);
  }
}
