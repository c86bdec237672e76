package dev.commandeer.reply;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.ReplyMode;
import dev.commandeer.store.ReplyState;
import dev.commandeer.store.RunIds;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a run's result goes: inline in the HTTP answer when it is ready within the budget,
 * otherwise after it ({@link LaterReplies}): a bot post ("⏳ running …") in the right thread that is
 * edited into the result when the run ends, or the conversation's response URL.
 *
 * <p>An inline answer that its ingress attaches as a comment to a post that is itself a thread
 * reply would be refused by Mattermost; with a bot, such answers go through the REST API into the
 * thread's root instead.
 */
public final class ReplyPlanner {

  /** Mattermost waits 30 s for an answer; stay well inside it. */
  static final Duration INLINE_CAP = Duration.ofSeconds(25);

  static final Duration THREAD_LOOKUP_BUDGET = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(ReplyPlanner.class);

  private final Vertx vertx;
  private final Duration inlineBudget;
  private final Bot bot;
  private final Outbox outbox;
  private final Store store;
  private final LaterReplies later;
  private final Outcomes outcomes;

  public ReplyPlanner(
      Vertx vertx, Duration inlineBudget, Bot bot, Outbox outbox, Store store, LaterReplies later) {
    this.vertx = vertx;
    this.inlineBudget = inlineBudget;
    this.bot = bot;
    this.outbox = outbox;
    this.store = store;
    this.later = later;
    this.outcomes = new Outcomes(store);
  }

  public Future<Reply> answer(Conversation conversation, ReplyMode mode, PendingRun run) {
    Reply.Visibility visibility = conversation.visibility(mode);
    if (conversation.reach() == Conversation.Reach.WAITS) {
      return run.ended()
          .onSuccess(end -> outcomes.record(run.runId(), end.outcome()))
          .map(end -> new Reply(end.message(), visibility));
    }
    Future<String> thread = thread(conversation, visibility);
    Duration wait =
        mode == ReplyMode.INLINE || !later.possible(conversation)
            ? INLINE_CAP
            : mode == ReplyMode.THREAD || run.queued() ? Duration.ZERO : inlineBudget;
    return Waiting.within(vertx, run.ended(), wait)
        .compose(
            done ->
                done.isPresent()
                    ? inline(conversation, visibility, run, done.get(), thread)
                    : later.answer(conversation, visibility, run, thread));
  }

  /** A result ready within the wait: its outcome is recorded with its reply, or alone. */
  private Future<Reply> inline(
      Conversation conversation,
      Reply.Visibility visibility,
      PendingRun run,
      RunEnd end,
      Future<String> thread) {
    Reply reply = new Reply(end.message(), visibility);
    RunRecording recording = RunRecording.ending(run.runId(), end.outcome(), outcomes, outbox);
    return intoThread(conversation, reply, thread, recording)
        .map(Answer::reply)
        .onSuccess(answered -> answeredInline(run, answered));
  }

  /**
   * A program's run is recorded with its reply pending; only an answer in the HTTP response changes
   * that here. A reply through the outbox is recorded as delivered (with its post) or failed there.
   */
  private void answeredInline(PendingRun run, Reply reply) {
    if (reply.visibility() == Reply.Visibility.NONE) {
      return;
    }
    store
        .updateReply(run.runId(), ReplyState.INLINE, "")
        .onFailure(
            e -> LOG.debug("run {}: reply state not recorded: {}", run.runId(), e.getMessage()));
  }

  /** The thread a reply belongs in, as the conversation finds it; empty for a channel post. */
  private Future<String> thread(Conversation conversation, Reply.Visibility visibility) {
    return visibility == Reply.Visibility.CHANNEL
        ? Future.succeededFuture("")
        : conversation.threadRoot(bot.threads());
  }

  /** An answer that is ready now (help, a refusal), for a run that was not recorded. */
  public Future<Reply> now(Conversation conversation, Reply reply) {
    return now(conversation, reply, RunRecording.unrecorded(RunIds.next(), outbox))
        .map(Answer::reply);
  }

  /**
   * The answer of a recorded run (a built-in) that ended with {@code outcome}: the outcome is
   * recorded, together with the reply when the reply goes through the outbox.
   */
  public Future<Reply> now(
      Conversation conversation, Reply reply, String runId, RunOutcome outcome) {
    return now(conversation, reply, RunRecording.ended(runId, outcome, store, outbox))
        .map(Answer::reply);
  }

  /**
   * The answer of a run that is recorded only now: the run, its request's once-key and, when the
   * reply goes through the outbox, the reply are recorded in one step. When an earlier run holds
   * the key, nothing is recorded nor sent, and the answer says which run that is. Should the store
   * fail, the answer still goes out, unrecorded.
   */
  public Future<Answer> first(Conversation conversation, Reply reply, FirstRun first) {
    return now(conversation, reply, RunRecording.once(first, store, outbox));
  }

  private Future<Answer> now(Conversation conversation, Reply reply, RunRecording recording) {
    if (conversation.commentsOn().isEmpty() || !bot.posts()) {
      return recording.alone(reply);
    }
    return intoThread(conversation, reply, thread(conversation, reply.visibility()), recording);
  }

  /**
   * The answer in the HTTP response, unless that response would be a comment on a thread reply
   * (which Mattermost refuses): then the bot posts it under the thread's root instead.
   */
  private Future<Answer> intoThread(
      Conversation conversation, Reply reply, Future<String> thread, RunRecording recording) {
    Optional<String> commented = conversation.commentsOn();
    if (commented.isEmpty()
        || !bot.posts()
        || reply.visibility() == Reply.Visibility.CHANNEL
        || reply.visibility() == Reply.Visibility.NONE
        || reply.text().isEmpty()) {
      return recording.alone(reply);
    }
    return Waiting.within(vertx, thread, THREAD_LOOKUP_BUDGET)
        .compose(
            root -> {
              if (root.isEmpty() || root.get().equals(commented.get())) {
                return recording.alone(reply);
              }
              String channel = conversation.invocation().channelId();
              Delivery answer =
                  new Delivery.Create(
                      recording.runId(), NewPost.inThread(channel, root.get(), reply.text()));
              return recording.withReply(answer, reply);
            });
  }

  /**
   * The outbox could not take the answer (its store failed): rather than lose it, it is answered as
   * a new post in the channel, the one place a comment on a thread reply can still go.
   */
  static Future<Answer> notQueued(String runId, Reply reply, Throwable e) {
    LOG.warn(
        "run {}: the answer could not be queued for its thread ({}); posting it in the channel",
        runId,
        e.getMessage());
    return Future.succeededFuture(Answer.of(Reply.channel(reply.text())));
  }
}
