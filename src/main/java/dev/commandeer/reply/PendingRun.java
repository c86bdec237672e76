package dev.commandeer.reply;

import io.vertx.core.Future;

/**
 * A run whose result may take a while.
 *
 * @param runId short id shown to users and in logs
 * @param display the command as the user would read it, e.g. {@code deploy api production}
 * @param message completes with the finished result as markdown
 * @param queuePosition 0 when running already, else its place in the queue
 * @param started completes when a queued run starts
 * @param handoff who records the run's outcome: the run, or the reply that carries its result; the
 *     run must {@link ResultHandoff#take take} it once its program has ended
 */
public record PendingRun(
    String runId,
    String display,
    Future<String> message,
    int queuePosition,
    Future<Void> started,
    ResultHandoff handoff) {

  public boolean queued() {
    return queuePosition > 0;
  }

  /** The command as a code span; a backtick in what the user typed cannot end it early. */
  String code() {
    return "`" + display.replace('`', 'ˋ') + "`";
  }

  String placeholder() {
    return queued()
        ? "⏳ " + code() + " is queued (position " + queuePosition + ") · run `" + runId + "`"
        : running();
  }

  String running() {
    return "⏳ running " + code() + "… · run `" + runId + "`";
  }
}
