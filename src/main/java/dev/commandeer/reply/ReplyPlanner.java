package dev.commandeer.reply;

import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.ReplyMode;
import dev.commandeer.store.ReplyState;
import dev.commandeer.store.RunIds;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a run's result goes: inline in the HTTP answer when it is ready within the budget,
 * otherwise after it ({@link LaterReplies}): a bot post ("⏳ running …") in the right thread that is
 * edited into the result when the run ends, or the slash command's {@code response_url}.
 *
 * <p>Inline webhook answers are comments on the triggering post, which Mattermost rejects when that
 * post is itself a thread reply; with a bot configured, such answers go through the REST API into
 * the thread's root instead.
 */
public final class ReplyPlanner {

  /** Mattermost waits 30 s for an answer; stay well inside it. */
  static final Duration INLINE_CAP = Duration.ofSeconds(25);

  private static final Logger LOG = LoggerFactory.getLogger(ReplyPlanner.class);

  static final Duration THREAD_LOOKUP_BUDGET = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final Duration inlineBudget;
  private final MattermostClient client;
  private final boolean botCanPost;
  private final ReplyOutbox outbox;
  private final Store store;
  private final LaterReplies later;

  /**
   * @param client null when {@code mattermost.url} is not configured
   * @param botCanPost whether the client holds a bot token
   * @param outbox null exactly when {@code client} is null
   */
  public ReplyPlanner(
      Vertx vertx,
      Duration inlineBudget,
      MattermostClient client,
      boolean botCanPost,
      ReplyOutbox outbox,
      Store store) {
    this.vertx = vertx;
    this.inlineBudget = inlineBudget;
    this.client = client;
    this.botCanPost = client != null && botCanPost;
    this.outbox = outbox;
    this.store = store;
    this.later = new LaterReplies(vertx, client, botCanPost, outbox);
  }

  public Future<Reply> answer(Invocation invocation, ReplyMode mode, PendingRun run) {
    Reply.Visibility visibility = visibility(invocation, mode);
    if (invocation.ingress() == Invocation.Ingress.LOCAL) {
      return run.message().map(message -> new Reply(message, visibility));
    }
    Future<String> thread = thread(invocation, visibility);
    Duration wait =
        mode == ReplyMode.INLINE || !later.possible(invocation, visibility)
            ? INLINE_CAP
            : mode == ReplyMode.THREAD || run.queued() ? Duration.ZERO : inlineBudget;
    return Waiting.within(vertx, run.message(), wait)
        .compose(
            done ->
                done.isPresent()
                    ? inline(invocation, visibility, run, done.get(), thread)
                        .onSuccess(reply -> answeredInline(run, reply))
                    : later.answer(invocation, visibility, run, thread));
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

  private static Reply.Visibility visibility(Invocation invocation, ReplyMode mode) {
    return switch (mode) {
      case EPHEMERAL ->
          invocation.ingress() == Invocation.Ingress.SLASH
              ? Reply.Visibility.EPHEMERAL
              : Reply.Visibility.THREAD;
      case CHANNEL -> Reply.Visibility.CHANNEL;
      default -> Reply.Visibility.THREAD;
    };
  }

  /**
   * The thread a reply belongs in: for a webhook the trigger post's root (looked up, since
   * Mattermost does not send it), for a slash command the thread it was typed in; empty for a new
   * post in the channel.
   */
  private Future<String> thread(Invocation invocation, Reply.Visibility visibility) {
    if (visibility == Reply.Visibility.CHANNEL) {
      return Future.succeededFuture("");
    }
    if (invocation.ingress() == Invocation.Ingress.WEBHOOK && botCanPost) {
      return client.threadRootOf(invocation.postId()).otherwise(invocation.postId());
    }
    return Future.succeededFuture(
        invocation.ingress() == Invocation.Ingress.WEBHOOK
            ? invocation.postId()
            : invocation.rootId());
  }

  private Future<Reply> inline(
      Invocation invocation,
      Reply.Visibility visibility,
      PendingRun run,
      String message,
      Future<String> thread) {
    return intoThread(
        invocation,
        new Reply(message, visibility),
        thread,
        RunRecording.unrecorded(run.runId(), outbox));
  }

  /**
   * An answer that is ready now (help, a refusal). Mattermost rejects a webhook's comment on a post
   * that is itself a thread reply; with a bot, such an answer goes through the REST API into the
   * thread's root instead of being lost.
   */
  public Future<Reply> now(Invocation invocation, Reply reply) {
    return now(invocation, reply, null, null);
  }

  /**
   * As {@link #now(Invocation, Reply)}, for the answer of a recorded run (a built-in) that ended
   * with {@code outcome}: the outcome is recorded, together with the reply when the reply goes
   * through the outbox.
   *
   * @param runId null when the run was not recorded (nor is its outcome, then)
   */
  public Future<Reply> now(Invocation invocation, Reply reply, String runId, RunOutcome outcome) {
    return now(
        invocation,
        reply,
        runId == null
            ? RunRecording.unrecorded(RunIds.next(), outbox)
            : RunRecording.ended(runId, outcome, store, outbox));
  }

  /**
   * As {@link #now(Invocation, Reply)}, for the answer of a run that is recorded only now: the run,
   * its post's de-duplication key and, when the reply goes through the outbox, the reply are
   * recorded in one step. When an earlier run holds the key, nothing is recorded nor sent, and the
   * answer is {@code first.repeated()}'s. Should the store fail, the answer still goes out,
   * unrecorded.
   */
  public Future<Reply> now(Invocation invocation, Reply reply, FirstRun first) {
    return now(invocation, reply, RunRecording.once(first, store, outbox));
  }

  private Future<Reply> now(Invocation invocation, Reply reply, RunRecording recording) {
    if (invocation.ingress() != Invocation.Ingress.WEBHOOK || !botCanPost) {
      return recording.alone(reply);
    }
    return intoThread(invocation, reply, thread(invocation, reply.visibility()), recording);
  }

  private Future<Reply> intoThread(
      Invocation invocation, Reply reply, Future<String> thread, RunRecording recording) {
    if (invocation.ingress() != Invocation.Ingress.WEBHOOK
        || !botCanPost
        || reply.visibility() == Reply.Visibility.CHANNEL
        || reply.visibility() == Reply.Visibility.NONE
        || reply.text().isEmpty()) {
      return recording.alone(reply);
    }
    return Waiting.within(vertx, thread, THREAD_LOOKUP_BUDGET)
        .compose(
            root -> {
              if (root.isEmpty() || root.get().equals(invocation.postId())) {
                return recording.alone(reply);
              }
              Delivery answer =
                  new Delivery.Create(
                      recording.runId(),
                      NewPost.inThread(invocation.channelId(), root.get(), reply.text()));
              return recording.withReply(answer, reply);
            });
  }

  /**
   * The outbox could not take the answer (its store failed): rather than lose it, it is answered as
   * a new post in the channel, the one place a webhook's answer to a thread reply can still go.
   */
  static Future<Reply> notQueued(String runId, Reply reply, Throwable e) {
    LOG.warn(
        "run {}: the answer could not be queued for its thread ({}); posting it in the channel",
        runId,
        e.getMessage());
    return Future.succeededFuture(Reply.channel(reply.text()));
  }
}
