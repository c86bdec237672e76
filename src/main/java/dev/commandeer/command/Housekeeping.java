package dev.commandeer.command;

import dev.commandeer.reply.Bot;
import dev.commandeer.reply.Delivery;
import dev.commandeer.reply.NewPost;
import dev.commandeer.reply.Outbox;
import dev.commandeer.store.RunRecord;
import dev.commandeer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each replica does in the background for the others: says it is alive, takes over runs of
 * replicas that died (marking them interrupted and telling their threads), cancels its own runs
 * when somebody asked another replica to, and removes what is no longer kept.
 */
public final class Housekeeping {

  static final Duration BEAT = Duration.ofSeconds(5);
  static final Duration STALE_AFTER = Duration.ofSeconds(20);

  /** How long a delivered reply stays in the store, for a look at what went out. */
  static final Duration KEEP_DELIVERED = Duration.ofDays(1);

  /** Rounds between two prunes, and records each prune may remove of each kind. */
  static final int PRUNE_EVERY = 12;

  static final int PRUNE_BATCH = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final Vertx vertx;
  private final Store store;
  private final String instanceId;
  private final ProgramCommands programs;
  private final Bot bot;
  private final Outbox outbox;
  private final Duration keepHistory;
  private long timer = -1;
  private long rounds;

  /**
   * @param bot who tells a thread its run was interrupted; without a bot it is only logged
   * @param keepHistory how long finished runs stay ({@code store.keepHistory})
   */
  public Housekeeping(
      Vertx vertx,
      Store store,
      String instanceId,
      ProgramCommands programs,
      Bot bot,
      Outbox outbox,
      Duration keepHistory) {
    this.vertx = vertx;
    this.store = store;
    this.instanceId = instanceId;
    this.programs = programs;
    this.bot = bot;
    this.outbox = outbox;
    this.keepHistory = keepHistory;
  }

  public Future<Void> start() {
    return store
        .heartbeat(instanceId)
        .onSuccess(v -> timer = vertx.setPeriodic(BEAT.toMillis(), t -> round()))
        .onSuccess(v -> round());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** One round of the background duties; each failure is logged and tried again next round. */
  Future<Void> round() {
    if (rounds++ % PRUNE_EVERY == 0) {
      prune();
    }
    return store
        .heartbeat(instanceId)
        .compose(v -> store.claimOrphanedRuns(instanceId, STALE_AFTER))
        .compose(this::tellInterrupted)
        .compose(v -> store.cancelRequests(instanceId))
        .map(this::cancelHere)
        .onFailure(e -> LOG.warn("housekeeping: {}", e.getMessage()));
  }

  /**
   * Removes delivered replies older than {@link #KEEP_DELIVERED}, expired de-duplication keys, runs
   * older than {@code keepHistory} and rate windows long ended, in batches; every replica does it,
   * so a busy database catches up between them.
   */
  Future<Long> prune() {
    Instant now = Instant.now();
    return store
        .prune(now.minus(KEEP_DELIVERED), now.minus(keepHistory), PRUNE_BATCH)
        .onSuccess(n -> LOG.debug("housekeeping: pruned {} records", n))
        .onFailure(e -> LOG.warn("housekeeping: pruning failed: {}", e.getMessage()));
  }

  private Void cancelHere(List<String> runIds) {
    for (String runId : runIds) {
      if (programs.cancel(runId)) {
        LOG.info("run {}: cancelled on request", runId);
      }
    }
    return null;
  }

  private Future<Void> tellInterrupted(List<RunRecord> orphans) {
    return Future.join(orphans.stream().map(this::tell).toList()).mapEmpty();
  }

  private Future<Void> tell(RunRecord run) {
    LOG.warn("run {}: {} was interrupted: the replica running it stopped", run.id(), run.command());
    if (!bot.posts() || run.origin().channelId().isEmpty()) {
      return Future.succeededFuture();
    }
    String text =
        "⚠️ `"
            + (run.command() + " " + run.arguments()).strip()
            + "` (run `"
            + run.id()
            + "`) was interrupted by a restart of Commandeer before it finished.";
    return thread(run)
        .compose(
            root ->
                outbox.submit(
                    new Delivery.Create(
                        run.id(), new NewPost(run.origin().channelId(), text, root, null))))
        .otherwise(e -> null);
  }

  /** The thread the run was typed in: its post or thread, whose root Mattermost knows. */
  private Future<String> thread(RunRecord run) {
    String post = run.origin().rootId().isEmpty() ? run.origin().postId() : run.origin().rootId();
    return post.isEmpty() ? Future.succeededFuture("") : bot.threads().rootOf(post).otherwise(post);
  }
}
