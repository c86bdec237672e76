package dev.commandeer.reply;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Reply;
import dev.commandeer.chat.ThreadLookup;
import dev.commandeer.config.ReplyMode;
import dev.commandeer.store.Store;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results that come after the HTTP answer: a bot post ("⏳ running …") in the right thread, edited
 * into the result when the run ends, or the slash command's {@code response_url}.
 */
public final class LaterReplies {

  private static final Logger LOG = LoggerFactory.getLogger(LaterReplies.class);
  private static final Duration THREAD_LOOKUP_BUDGET = ReplyPlanner.THREAD_LOOKUP_BUDGET;
  private static final Duration PLACEHOLDER_BUDGET = Duration.ofSeconds(3);

  /**
   * A queued run's placeholder says "running" once the run has run this long: one that ends sooner
   * goes from "queued" straight to its result, without an edit nobody would have time to read.
   */
  static final Duration RUNNING_NOTICE_DELAY = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Bot bot;
  private final Outbox outbox;
  private final Outcomes recorder;

  public LaterReplies(Vertx vertx, Bot bot, Outbox outbox, Store store) {
    this.vertx = vertx;
    this.bot = bot;
    this.outbox = outbox;
    this.recorder = new Outcomes(store);
  }

  /** Whether a result can reach Mattermost after the HTTP answer. */
  boolean possible(Conversation conversation) {
    return bot.posts() || (conversation.responseUrl().isPresent() && outbox.delivers());
  }

  /**
   * Answers at once and sends the result when it is ready: through the placeholder's edit, a new
   * post, or the slash command's {@code response_url}; without any of them, says where the result
   * will be instead.
   */
  Future<Reply> answer(
      Conversation conversation,
      Reply.Visibility visibility,
      PendingRun run,
      Future<String> thread) {
    if (!possible(conversation)) {
      run.ended().onSuccess(end -> recorder.record(run.runId(), end.outcome()));
      return Future.succeededFuture(new Reply(cannotAnswerLater(run), ack(conversation)));
    }
    if (conversation.responseUrl().isPresent()
        && (visibility == Reply.Visibility.EPHEMERAL || !bot.posts())) {
      return viaResponseUrl(conversation, visibility, run);
    }
    return Waiting.within(vertx, thread, THREAD_LOOKUP_BUDGET)
        .compose(
            root ->
                root.isPresent()
                    ? Future.succeededFuture(root.get())
                    : conversation.threadRoot(ThreadLookup.AS_GIVEN))
        .compose(root -> withPlaceholder(conversation, visibility, run, root));
  }

  /**
   * Posts "⏳ running …" as the bot and arranges for the result to replace it. The placeholder may
   * arrive after the budget (the client keeps retrying): the result then still edits it; only when
   * it never arrives is the result posted anew, or, for a slash command whose channel the bot
   * cannot post in, sent through {@code response_url}.
   *
   * <p>Once the placeholder is there (and shows "running" for a run that waited and has run for
   * {@link #RUNNING_NOTICE_DELAY}, unless it ended sooner) and the run has ended, the edit is kept
   * in the outbox together with the run's outcome, in one step. A queued run that ends without
   * starting (cancelled, or Commandeer stopping) gets its placeholder edited all the same.
   */
  private Future<Reply> withPlaceholder(
      Conversation conversation, Reply.Visibility visibility, PendingRun run, String root) {
    String channel = conversation.invocation().channelId();
    Future<Post> placeholder = bot.create(new NewPost(channel, run.placeholder(), root, null));
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
                                        : bot.patch(post.id(), run.running())))
                .otherwise((Void) null)
            : Future.succeededFuture();
    placeholder
        .transform(posted -> runningShown.transform(v -> Future.succeededFuture(posted)))
        .onSuccess(
            posted ->
                run.ended()
                    .onSuccess(
                        end -> deliverResult(conversation, visibility, run, root, end, posted)));
    return Waiting.within(vertx, placeholder, PLACEHOLDER_BUDGET)
        .map(
            posted -> {
              if (posted.isPresent()) {
                return Reply.none();
              }
              LOG.warn(
                  "run {}: the bot's placeholder post did not go through in time", run.runId());
              return new Reply(run.placeholder(), ack(conversation));
            });
  }

  private void deliverResult(
      Conversation conversation,
      Reply.Visibility visibility,
      PendingRun run,
      String root,
      RunEnd end,
      AsyncResult<Post> placeholder) {
    String channel = conversation.invocation().channelId();
    if (placeholder.succeeded()) {
      outbox.submit(edit(channel, run, root, end.message(), placeholder.result()), end.outcome());
    } else if (conversation.responseUrl().isPresent()) {
      LOG.warn(
          "run {}: the bot cannot post here ({}); answering through the command's response_url",
          run.runId(),
          placeholder.cause().getMessage());
      respond(conversation, visibility, run, end);
    } else {
      NewPost post = new NewPost(channel, end.message(), root, null);
      outbox.submit(new Delivery.Create(run.runId(), post), end.outcome());
    }
  }

  /** The placeholder edited into the result; posted anew should it be gone. */
  private static Delivery edit(
      String channel, PendingRun run, String root, String message, Post placeholder) {
    NewPost result = new NewPost(channel, message, root, null);
    return new Delivery.Edit(run.runId(), placeholder.id(), result);
  }

  private Future<Reply> viaResponseUrl(
      Conversation conversation, Reply.Visibility visibility, PendingRun run) {
    run.ended().onSuccess(end -> respond(conversation, visibility, run, end));
    return Future.succeededFuture(Reply.ephemeral(run.placeholder()));
  }

  /** The result through the response URL, in the conversation's own wire format. */
  private void respond(
      Conversation conversation, Reply.Visibility visibility, PendingRun run, RunEnd end) {
    outbox.submit(
        new Delivery.Respond(
            run.runId(),
            conversation.responseUrl().orElseThrow(),
            conversation.render(new Reply(end.message(), visibility))),
        end.outcome());
  }

  /** The notice that a result is on its way: for the caller alone, where the ingress can. */
  private static Reply.Visibility ack(Conversation conversation) {
    return conversation.visibility(ReplyMode.EPHEMERAL);
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
