package dev.commandeer.reply;

import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.MessageText;
import dev.commandeer.chat.Reply;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results that come after the HTTP answer: a bot post ("⏳ running …") in the right thread, edited
 * into the result when the run ends, or the slash command's {@code response_url}.
 */
final class LaterReplies {

  private static final Logger LOG = LoggerFactory.getLogger(LaterReplies.class);
  private static final Duration THREAD_LOOKUP_BUDGET = ReplyPlanner.THREAD_LOOKUP_BUDGET;
  private static final Duration PLACEHOLDER_BUDGET = Duration.ofSeconds(3);

  /**
   * A queued run's placeholder says "running" once the run has run this long: one that ends sooner
   * goes from "queued" straight to its result, without an edit nobody would have time to read.
   */
  static final Duration RUNNING_NOTICE_DELAY = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final MattermostClient client;
  private final boolean botCanPost;
  private final ReplyOutbox outbox;

  /**
   * @param client null when {@code mattermost.url} is not configured
   * @param botCanPost whether the client holds a bot token
   * @param outbox null exactly when {@code client} is null
   */
  LaterReplies(Vertx vertx, MattermostClient client, boolean botCanPost, ReplyOutbox outbox) {
    this.vertx = vertx;
    this.client = client;
    this.botCanPost = client != null && botCanPost;
    this.outbox = outbox;
  }

  /** Whether a result can reach Mattermost after the HTTP answer. */
  boolean possible(Invocation invocation, Reply.Visibility visibility) {
    if (invocation.ingress() == Invocation.Ingress.SLASH) {
      return client != null && (botCanPost || !invocation.responseUrl().isEmpty());
    }
    return botCanPost;
  }

  /**
   * Answers at once and sends the result when it is ready: through the placeholder's edit, a new
   * post, or the slash command's {@code response_url}; without any of them, says where the result
   * will be instead.
   */
  Future<Reply> answer(
      Invocation invocation, Reply.Visibility visibility, PendingRun run, Future<String> thread) {
    if (!possible(invocation, visibility)) {
      return Future.succeededFuture(
          new Reply(cannotAnswerLater(run), ackVisibility(invocation, visibility)));
    }
    boolean slash = invocation.ingress() == Invocation.Ingress.SLASH;
    if (slash && (visibility == Reply.Visibility.EPHEMERAL || !botCanPost)) {
      return viaResponseUrl(invocation, visibility, run);
    }
    return Waiting.within(vertx, thread, THREAD_LOOKUP_BUDGET)
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
                        Waiting.within(vertx, run.message(), RUNNING_NOTICE_DELAY)
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
    return Waiting.within(vertx, placeholder, PLACEHOLDER_BUDGET)
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
      AsyncResult<Post> placeholder) {
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
}
