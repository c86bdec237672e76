package dev.commandeer.exec;

import java.util.concurrent.atomic.AtomicBoolean;

/** One slot to run a program, held from admission until {@link #release()}. */
public final class Permit {

  private final RunLimiter limiter;
  private final String command;
  private final AtomicBoolean released = new AtomicBoolean();

  Permit(RunLimiter limiter, String command) {
    this.limiter = limiter;
    this.command = command;
  }

  public String command() {
    return command;
  }

  /** Frees the slot and admits the next eligible waiter; only the first call counts. */
  public void release() {
    if (released.compareAndSet(false, true)) {
      limiter.release(command);
    }
  }
}
