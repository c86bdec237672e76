package dev.commandeer.command;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.Durations;
import dev.commandeer.config.LimitsConfig;
import dev.commandeer.config.Rate;
import dev.commandeer.store.RateDecision;
import dev.commandeer.store.RunIds;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunRecord;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run must pass before it starts, shared by every replica through the store: the same
 * Mattermost post runs once, users stay within their rate limits, and the run is recorded in the
 * history before anything is answered.
 */
public final class RunGate {

  /** How long a post id or trigger id is remembered; Mattermost never resends later than this. */
  static final Duration DEDUPE_WINDOW = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(RunGate.class);

  private final Store store;
  private final Supplier<LimitsConfig> limits;
  private final String instanceId;
  private final Clock clock;

  /**
   * @param limits the service-wide limits of the current configuration
   */
  public RunGate(Store store, Supplier<LimitsConfig> limits, String instanceId, Clock clock) {
    this.store = store;
    this.limits = limits;
    this.instanceId = instanceId;
    this.clock = clock;
  }

  /**
   * Either the recorded run, or the answer that explains why it does not run. A run that needs no
   * store passes unrecorded (null record) while the store is unreachable.
   */
  record Passage(RunRecord record, Reply refusal) {
    boolean admitted() {
      return refusal == null;
    }
  }

  Future<Passage> pass(Resolution.Run run, Conversation conversation) {
    Invocation invocation = conversation.invocation();
    String runId = RunIds.next();
    String key = conversation.onceKey().orElse(null);
    if (key != null && !rateLimited(run)) {
      // Nothing to check between the two: the key and the run are recorded in one step.
      return store
          .insertRunOnce(key, DEDUPE_WINDOW, queued(run, invocation, runId))
          .compose(
              claim ->
                  claim.recorded()
                      ? Future.succeededFuture(new Passage(claim.run(), null))
                      : refuse(duplicate(conversation, claim.heldBy())))
          .recover(e -> unreachable(run, e));
    }
    return firstTime(key, runId)
        .compose(
            earlier ->
                earlier.isPresent()
                    ? refuse(duplicate(conversation, earlier.get()))
                    : afterDedupe(run, invocation, runId))
        .recover(e -> unreachable(run, e));
  }

  /**
   * The de-duplication key under which {@code run} may run first and be recorded afterwards,
   * together with its answer, in one step; null when it must be admitted before it runs. Only a
   * built-in that needs nothing but its words (echo) qualifies, only for a post Mattermost sends
   * with an id, and only without rate limits: a run over its limit must not run at all.
   */
  String recordAfter(Resolution.Run run, Conversation conversation) {
    String key = conversation.onceKey().orElse(null);
    return key != null && !rateLimited(run) && needsOnlyItsWords(run) ? key : null;
  }

  /** A built-in that answers from its words alone (echo): it needs no store to run. */
  private static boolean needsOnlyItsWords(Resolution.Run run) {
    return "echo".equals(run.command().builtin());
  }

  /** The record of a run that ended, with {@code outcome}, before it was recorded. */
  RunRecord ended(Resolution.Run run, Invocation invocation, String runId, RunOutcome outcome) {
    return queued(run, invocation, runId).finished(outcome);
  }

  private Future<Passage> afterDedupe(Resolution.Run run, Invocation invocation, String runId) {
    return withinRates(run, invocation)
        .compose(over -> over.isPresent() ? refuse(over.get()) : record(run, invocation, runId));
  }

  /** The run that holds {@code key} already, if any; a request without a key is always new. */
  private Future<Optional<String>> firstTime(String key, String runId) {
    return key == null
        ? Future.succeededFuture(Optional.empty())
        : store.claimOnce(key, runId, DEDUPE_WINDOW);
  }

  private boolean rateLimited(Resolution.Run run) {
    return limits.get().perUser() != null || run.command().rate() != null;
  }

  private Future<Optional<Reply>> withinRates(Resolution.Run run, Invocation invocation) {
    String user = invocation.userId().isEmpty() ? invocation.userName() : invocation.userId();
    Rate perUser = limits.get().perUser();
    Rate perCommand = run.command().rate();
    String command = String.join(" ", run.path());
    return check("user:" + user, perUser, "commands")
        .compose(
            over ->
                over.isPresent()
                    ? Future.succeededFuture(over)
                    : check(
                        "command:" + command + ":" + user, perCommand, "`" + command + "` runs"));
  }

  private Future<Optional<Reply>> check(String key, Rate rate, String what) {
    if (rate == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return store
        .hit(key, rate.count(), rate.window(), clock.instant())
        .map(
            decision ->
                decision.allowed()
                    ? Optional.empty()
                    : Optional.of(slowDown(rate, what, decision)));
  }

  private static Reply slowDown(Rate rate, String what, RateDecision decision) {
    long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
    return Reply.ephemeral(
        "🐢 Slow down: you may run at most "
            + rate.count()
            + " "
            + what
            + " per "
            + Durations.format(rate.window())
            + ". Try again in "
            + seconds
            + "s.");
  }

  private Future<Passage> record(Resolution.Run run, Invocation invocation, String runId) {
    return store.insertRun(queued(run, invocation, runId)).map(stored -> new Passage(stored, null));
  }

  /** A program's answer comes once it has run: its reply is pending from the start. */
  private RunRecord queued(Resolution.Run run, Invocation invocation, String runId) {
    RunRecord queued =
        RunRecord.queued(
                instanceId,
                RunOrigins.of(invocation),
                String.join(" ", run.path()),
                arguments(run),
                clock.instant())
            .withId(runId);
    return run.command().isProgram() ? queued.awaitingReply() : queued;
  }

  /** The display text after the command path: {@code api staging} of {@code deploy api staging}. */
  static String arguments(Resolution.Run run) {
    String path = String.join(" ", run.path());
    String display = run.display();
    return display.length() > path.length() && display.startsWith(path)
        ? display.substring(path.length()).strip()
        : "";
  }

  private static Future<Passage> refuse(Reply reply) {
    return Future.succeededFuture(new Passage(null, reply));
  }

  /** What a repeated request is told, as its conversation has it. */
  static Reply duplicate(Conversation conversation, String earlierRun) {
    LOG.info("run {}: the same Mattermost post arrived again; not run twice", earlierRun);
    return conversation.repeated(earlierRun);
  }

  private Future<Passage> unreachable(Resolution.Run run, Throwable e) {
    LOG.warn(
        "store unavailable while admitting {}: {}", String.join(" ", run.path()), e.getMessage());
    if (needsOnlyItsWords(run)) {
      return Future.succeededFuture(new Passage(null, null));
    }
    return refuse(
        Reply.ephemeral(
            "⚠️ Commandeer cannot reach its database right now, so `"
                + run.display()
                + "` was not started. Please try again in a moment."));
  }
}
