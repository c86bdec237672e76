package dev.commandeer.reply;

import io.vertx.core.Future;

/**
 * A run whose result may take a while.
 *
 * @param runId short id shown to users and in logs
 * @param display the command as the user would read it, e.g. {@code deploy api production}
 * @param ended completes with the finished result and the run's outcome, which the reply records
 * @param queuePosition 0 when running already, else its place in the queue
 * @param started completes when a queued run starts
 */
public record PendingRun(
    String runId, String display, Future<RunEnd> ended, int queuePosition, Future<Void> started) {

  /** The finished result as markdown. */
  public Future<String> message() {
    return ended.map(RunEnd::message);
  }

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
