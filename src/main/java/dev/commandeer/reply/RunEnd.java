package dev.commandeer.reply;

import dev.commandeer.store.RunOutcome;
import java.util.Objects;

/**
 * How a run ended: its result as its caller reads it, and its outcome as the history records it.
 * The reply that carries the result records the outcome, in one step with the reply when the reply
 * goes through the outbox.
 */
public record RunEnd(String message, RunOutcome outcome) {

  public RunEnd {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(outcome, "outcome");
  }
}
