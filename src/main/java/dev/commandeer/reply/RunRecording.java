package dev.commandeer.reply;

import dev.commandeer.chat.Reply;
import dev.commandeer.store.RunClaim;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.Store;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the run behind an answer that is ready now is recorded: together with the answer when the
 * answer goes through the outbox, on its own when it goes back in the HTTP response.
 */
abstract class RunRecording {

  private static final Logger LOG = LoggerFactory.getLogger(RunRecording.class);

  private final String runId;

  private RunRecording(String runId) {
    this.runId = runId;
  }

  /** The run the answer belongs to. */
  final String runId() {
    return runId;
  }

  /** Records the run without a reply to keep; answers {@code reply} or what replaces it. */
  abstract Future<Answer> alone(Reply reply);

  /** Records the run with {@code answer} kept in the outbox; answers what the caller sees. */
  abstract Future<Answer> withReply(Delivery answer, Reply reply);

  /** A run not recorded here: help, a refusal, a program's run, or one the store missed. */
  static RunRecording unrecorded(String runId, Outbox outbox) {
    return new RunRecording(runId) {
      @Override
      Future<Answer> alone(Reply reply) {
        return Future.succeededFuture(Answer.of(reply));
      }

      @Override
      Future<Answer> withReply(Delivery answer, Reply reply) {
        return outbox
            .submit(answer)
            .map(Answer.of(Reply.none()))
            .recover(e -> ReplyPlanner.notQueued(runId, reply, e));
      }
    };
  }

  /** A run recorded when it was admitted, which ended with {@code outcome}. */
  static RunRecording ended(String runId, RunOutcome outcome, Store store, Outbox outbox) {
    return new RunRecording(runId) {
      @Override
      Future<Answer> alone(Reply reply) {
        return store
            .finishRun(runId, outcome)
            .transform(
                ar -> {
                  if (ar.failed()) {
                    LOG.debug("run {}: outcome not recorded: {}", runId, ar.cause().getMessage());
                  }
                  return Future.succeededFuture(Answer.of(reply));
                });
      }

      @Override
      Future<Answer> withReply(Delivery answer, Reply reply) {
        return outbox
            .submit(answer, outcome)
            .map(Answer.of(Reply.none()))
            .recover(e -> ReplyPlanner.notQueued(runId, reply, e));
      }
    };
  }

  /**
   * A program's run that ended with {@code outcome}, answered at once: the outcome is recorded
   * without holding the answer back, or with the reply when the reply goes through the outbox.
   */
  static RunRecording ending(String runId, RunOutcome outcome, Outcomes outcomes, Outbox outbox) {
    return new RunRecording(runId) {
      @Override
      Future<Answer> alone(Reply reply) {
        outcomes.record(runId, outcome);
        return Future.succeededFuture(Answer.of(reply));
      }

      @Override
      Future<Answer> withReply(Delivery answer, Reply reply) {
        return outbox
            .submit(answer, outcome)
            .map(Answer.of(Reply.none()))
            .recover(e -> ReplyPlanner.notQueued(runId, reply, e));
      }
    };
  }

  /**
   * A run recorded only now, once per post: the run and its key, with the reply when there is one
   * to keep, in one step. When an earlier run holds the key, nothing is recorded nor sent and the
   * answer names that run; when the store fails, the answer still goes out.
   */
  static RunRecording once(FirstRun first, Store store, Outbox outbox) {
    return new RunRecording(first.run().id()) {
      @Override
      Future<Answer> alone(Reply reply) {
        return store
            .insertRunOnce(first.key(), first.ttl(), first.run())
            .transform(ar -> answer(ar, reply));
      }

      @Override
      Future<Answer> withReply(Delivery answer, Reply reply) {
        return outbox
            .submitOnce(answer, first.key(), first.ttl(), first.run())
            .transform(
                ar ->
                    ar.failed()
                        ? ReplyPlanner.notQueued(runId(), reply, ar.cause())
                        : answer(ar, Reply.none()));
      }

      private Future<Answer> answer(AsyncResult<RunClaim> claim, Reply reply) {
        if (claim.failed()) {
          LOG.warn("run {}: not recorded: {}", runId(), claim.cause().getMessage());
          return Future.succeededFuture(Answer.of(reply));
        }
        RunClaim result = claim.result();
        return Future.succeededFuture(
            result.recorded() ? Answer.of(reply) : new Answer(reply, result.heldBy()));
      }
    };
  }
}
