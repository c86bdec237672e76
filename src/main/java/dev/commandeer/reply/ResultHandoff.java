package dev.commandeer.reply;

import dev.commandeer.store.RunOutcome;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Settles, once per run, who records how the run ended. When the reply already knows where the
 * result goes (the placeholder to edit) before the program ends, it offers a {@link Sender}, and
 * the run hands it the result and its outcome: the outbox keeps both in one step. Otherwise the run
 * records its outcome itself and the reply follows {@link PendingRun#message()} as before. Whoever
 * comes second learns what the first did, so the outcome is recorded exactly once.
 */
public final class ResultHandoff {

  /** Keeps a finished run's result for delivery together with the run's outcome. */
  @FunctionalInterface
  public interface Sender {
    void send(String message, RunOutcome outcome);
  }

  private static final Object ENDED = new Object();

  private final AtomicReference<Object> state = new AtomicReference<>();

  /**
   * For the reply: from now on the result goes through {@code sender}. False when the run has ended
   * already; its outcome is recorded, and the result must follow the message.
   */
  boolean offer(Sender sender) {
    return state.compareAndSet(null, sender);
  }

  /**
   * For the run, once its program has ended (or will never run): the sender offered before, which
   * the run must hand its result and outcome, or null when the run records its outcome itself.
   * Offers made after this are refused.
   */
  public Sender take() {
    Object before = state.getAndSet(ENDED);
    return before instanceof Sender sender ? sender : null;
  }
}
