package dev.commandeer.reply;

import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records how a run ended when no reply is kept together with it. */
final class Outcomes {

  private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

  private final Store store;

  Outcomes(Store store) {
    this.store = store;
  }

  /** Records the outcome without waiting for it; a failure is logged, and the answer still goes. */
  void record(String runId, RunOutcome outcome) {
    store
        .finishRun(runId, outcome)
        .onFailure(e -> LOG.warn("run {}: history not updated: {}", runId, e.getMessage()));
  }
}
