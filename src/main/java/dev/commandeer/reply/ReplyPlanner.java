package dev.commandeer.reply;

import dev.commandeer.command.Invocation;
import dev.commandeer.config.ReplyMode;
import dev.commandeer.store.ReplyState;
import dev.commandeer.store.RunIds;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a run's result goes: inline in the HTTP answer when it is ready within the budget,
 * otherwise a bot post ("⏳ running …") in the right thread that is edited into the result when the
 * run ends, or the slash command's {@code response_url}.
 *
 * <p>Inline webhook answers are comments on the triggering post, which Mattermost rejects when that
 * post is itself a thread reply; with a bot configured, such answers go through the REST API into
 * the thread's root instead.
 */
public final class ReplyPlanner {

  /** Mattermost waits 30 s for an answer; stay well inside it. */
  static final Duration INLINE_CAP = Duration.ofSeconds(25);

  private static final Logger LOG = LoggerFactory.getLogger(ReplyPlanner.class);

  private static final Duration THREAD_LOOKUP_BUDGET = Duration.ofSeconds(2);
  private static final Duration PLACEHOLDER_BUDGET = Duration.ofSeconds(3);

  /**
   * A queued run's placeholder says "running" once the run has run this long: one that ends sooner
   * goes from "queued" straight to its result, without an edit nobody would have time to read.
   */
  static final Duration RUNNING_NOTICE_DELAY = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Duration inlineBudget;
  private final MattermostClient client;
  private final boolean botCanPost;
  private final ReplyOutbox outbox;
  private final Store store;

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
  }

  public Future<Reply> answer(Invocation invocation, ReplyMode mode, PendingRun run) {
    Reply.Visibility visibility = visibility(invocation, mode);
    if (invocation.ingress() == Invocation.Ingress.LOCAL) {
      return run.message().map(message -> new Reply(message, visibility));
    }
    Future<String> thread = thread(invocation, visibility);
    Duration wait =
        mode == ReplyMode.INLINE || !canAnswerLater(invocation, visibility)
            ? INLINE_CAP
            : mode == ReplyMode.THREAD || run.queued() ? Duration.ZERO : inlineBudget;
    return within(run.message(), wait)
        .compose(
            done ->
                done.isPresent()
                    ? inline(invocation, visibility, run, done.get(), thread)
                        .onSuccess(reply -> answeredInline(run, reply))
                    : later(invocation, visibility, run, thread));
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

  private boolean canAnswerLater(Invocation invocation, Reply.Visibility visibility) {
    if (invocation.ingress() == Invocation.Ingress.SLASH) {
      return client != null && (botCanPost || !invocation.responseUrl().isEmpty());
    }
    return botCanPost;
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
    return within(thread, THREAD_LOOKUP_BUDGET)
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

  private Future<Reply> later(
      Invocation invocation, Reply.Visibility visibility, PendingRun run, Future<String> thread) {
    if (!canAnswerLater(invocation, visibility)) {
      return Future.succeededFuture(
          new Reply(cannotAnswerLater(run), ackVisibility(invocation, visibility)));
    }
    boolean slash = invocation.ingress() == Invocation.Ingress.SLASH;
    if (slash && (visibility == Reply.Visibility.EPHEMERAL || !botCanPost)) {
      return viaResponseUrl(invocation, visibility, run);
    }
    return within(thread, THREAD_LOOKUP_BUDGET)
        .map(root -> root.orElse(slash ? invocation.rootId() : invocation.postId()))
        .compose(root -> withPlaceholder(invocation, visibility, run, root));
  }

  /**
   * Posts "⏳ running …" as the bot and arranges for the result to replace it. The placeholder may
   * arrive after the budget (the client keeps retrying): the result then still edits it; only when
   * it never arrives is the result posted anew, or, for a slash command whose channel the bot
   * cannot post in, sent through {@code response_url}.
   *
   * <p>Once the placeholder is there (and shows "running" for a run that waited and has run for
   * {@link #RUNNING_NOTICE_DELAY}, unless it ended sooner), the run is told where its result goes:
   * if it has not ended yet, it keeps the edit in the outbox together with its outcome, in one
   * step. A queued run that ends without starting (cancelled, or Commandeer stopping) gets its
   * placeholder edited all the same.
   */
  private Future<Reply> withPlaceholder(
      Invocation invocation, Reply.Visibility visibility, PendingRun run, String root) {
    Future<Post> placeholder =
        client.createPost(new NewPost(invocation.channelId(), run.placeholder(), root, null));
    Future<Void> runningShown =
        run.queued()
            ? Future.any(run.started(), run.message())
                .compose(v -> placeholder)
                .compose(
                    post ->
                        within(run.message(), RUNNING_NOTICE_DELAY)
                            .compose(
                                done ->
                                    done.isPresent()
                                        ? Future.succeededFuture()
                                        : client
                                            .patchPost(post.id(), run.running())
                                            .<Void>mapEmpty()))
                .otherwise((Void) null)
            : Future.succeededFuture();
    placeholder
        .transform(posted -> runningShown.transform(v -> Future.succeededFuture(posted)))
        .onSuccess(
            posted -> {
              if (posted.succeeded()
                  && run.handoff()
                      .offer(
                          (message, outcome) ->
                              outbox.submit(
                                  edit(invocation, run, root, message, posted.result()),
                                  outcome))) {
                return;
              }
              run.message()
                  .onSuccess(
                      message -> deliverResult(invocation, visibility, run, root, message, posted));
            });
    return within(placeholder, PLACEHOLDER_BUDGET)
        .map(
            posted -> {
              if (posted.isPresent()) {
                return Reply.none();
              }
              LOG.warn(
                  "run {}: the bot's placeholder post did not go through in time", run.runId());
              return new Reply(run.placeholder(), ackVisibility(invocation, visibility));
            });
  }

  private void deliverResult(
      Invocation invocation,
      Reply.Visibility visibility,
      PendingRun run,
      String root,
      String message,
      io.vertx.core.AsyncResult<Post> placeholder) {
    if (placeholder.succeeded()) {
      outbox.submit(edit(invocation, run, root, message, placeholder.result()));
    } else if (invocation.ingress() == Invocation.Ingress.SLASH
        && !invocation.responseUrl().isEmpty()) {
      LOG.warn(
          "run {}: the bot cannot post here ({}); answering through the command's response_url",
          run.runId(),
          placeholder.cause().getMessage());
      respond(invocation, visibility, run, message);
    } else {
      outbox.submit(
          new Delivery.Create(
              run.runId(), new NewPost(invocation.channelId(), message, root, null)));
    }
  }

  /** The placeholder edited into the result; posted anew should it be gone. */
  private static Delivery edit(
      Invocation invocation, PendingRun run, String root, String message, Post placeholder) {
    NewPost result = new NewPost(invocation.channelId(), message, root, null);
    return new Delivery.Edit(run.runId(), placeholder.id(), result);
  }

  private Future<Reply> viaResponseUrl(
      Invocation invocation, Reply.Visibility visibility, PendingRun run) {
    run.message().onSuccess(message -> respond(invocation, visibility, run, message));
    return Future.succeededFuture(Reply.ephemeral(run.placeholder()));
  }

  private void respond(
      Invocation invocation, Reply.Visibility visibility, PendingRun run, String message) {
    String type = visibility == Reply.Visibility.EPHEMERAL ? "ephemeral" : "in_channel";
    outbox.submit(
        new Delivery.Respond(
            run.runId(),
            invocation.responseUrl(),
            new JsonObject()
                .put("response_type", type)
                .put("text", MessageText.fit(message))
                .put("skip_slack_parsing", true)));
  }

  /** The placeholder for a slash command is for the caller only; a webhook can only comment. */
  private static Reply.Visibility ackVisibility(
      Invocation invocation, Reply.Visibility visibility) {
    return invocation.ingress() == Invocation.Ingress.SLASH
        ? Reply.Visibility.EPHEMERAL
        : visibility;
  }

  private static String cannotAnswerLater(PendingRun run) {
    return "⏳ "
        + run.code()
        + " is still running (run `"
        + run.runId()
        + "`). Its result cannot be posted here because no bot account is configured"
        + " (`mattermost.url` and `mattermost.botToken`); it will be in Commandeer's log.";
  }

  /** The value if the future completes within the wait, else empty; never fails for lateness. */
  private <T> Future<Optional<T>> within(Future<T> future, Duration wait) {
    if (future.isComplete() || wait.isZero()) {
      return Future.succeededFuture(
          future.succeeded() ? Optional.ofNullable(future.result()) : Optional.empty());
    }
    Promise<Optional<T>> promise = Promise.promise();
    long timer = vertx.setTimer(wait.toMillis(), t -> promise.tryComplete(Optional.empty()));
    future.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          promise.tryComplete(ar.succeeded() ? Optional.ofNullable(ar.result()) : Optional.empty());
        });
    return promise.future();
  }
}
