package dev.commandeer.reply;

import dev.commandeer.store.OutboxItem;
import dev.commandeer.store.ReplyState;
import dev.commandeer.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies that travel through the REST API. A reply is written to the store first, so once {@link
 * #submit} succeeds it survives a restart; a delivery worker in every replica claims due replies
 * ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL), delivers them, and retries with growing delays
 * while Mattermost is away. A reply Mattermost refuses for good, or that could not be delivered
 * within {@link #GIVE_UP_AFTER}, is kept as dead with its error, logged with its run id and
 * counted: none is dropped silently.
 */
public final class ReplyOutbox {

  static final Duration GIVE_UP_AFTER = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(ReplyOutbox.class);
  private static final int BATCH = 64;
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final long POLL_MS = 1_000;
  private static final long FIRST_RETRY_MS = 2_000;
  private static final long MAX_RETRY_MS = 120_000;

  private final Vertx vertx;
  private final MattermostClient client;
  private final Store store;
  private final String instanceId;
  private final Clock clock;
  private final AtomicLong pending = new AtomicLong();
  private final Counter delivered;
  private final Counter failed;
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean again;
  private long timer = -1;

  public ReplyOutbox(
      Vertx vertx,
      MattermostClient client,
      Store store,
      String instanceId,
      Clock clock,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.client = client;
    this.store = store;
    this.instanceId = instanceId;
    this.clock = clock;
    Gauge.builder("commandeer.outbox.pending", pending, AtomicLong::get)
        .description("Replies accepted but not yet delivered to Mattermost")
        .register(registry);
    this.delivered = counter(registry, "delivered");
    this.failed = counter(registry, "failed");
  }

  /** Starts the delivery worker; replies left by earlier runs of any replica are picked up. */
  public void start() {
    timer = vertx.setPeriodic(POLL_MS, t -> drain());
    drain();
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** Keeps the delivery; once the future succeeds it is durable and will be delivered. */
  public Future<Void> submit(Delivery delivery) {
    OutboxItem item =
        OutboxItem.of(
            delivery.runId(), kind(delivery), delivery.toJson().encode(), clock.instant());
    return store
        .enqueueReply(item)
        .onSuccess(v -> vertx.runOnContext(x -> drain()))
        .onFailure(
            e ->
                LOG.error(
                    "run {}: reply could not be stored for delivery: {}",
                    delivery.runId(),
                    e.getMessage()));
  }

  /** Replies not yet delivered, as last counted. */
  public long pending() {
    return pending.get();
  }

  /** Delivers what is due now and completes when nothing is pending, or after {@code wait}. */
  public Future<Void> flush(Duration wait) {
    long deadline = System.currentTimeMillis() + wait.toMillis();
    return poll(deadline);
  }

  private Future<Void> poll(long deadline) {
    return store
        .pendingCount()
        .compose(
            count -> {
              if (count == 0) {
                return Future.succeededFuture();
              }
              if (System.currentTimeMillis() >= deadline) {
                LOG.warn("{} repl(ies) still pending at shutdown; they stay in the store", count);
                return Future.succeededFuture();
              }
              drain();
              return vertx.timer(100).compose(t -> poll(deadline));
            });
  }

  /** Claims due replies and delivers them; one drain at a time per process. */
  void drain() {
    if (!draining.compareAndSet(false, true)) {
      again = true;
      return;
    }
    again = false;
    store
        .claimDue(instanceId, BATCH, LEASE)
        .compose(items -> Future.join(items.stream().map(this::deliverItem).toList()).map(items))
        .compose(
            items ->
                store
                    .pendingCount()
                    .map(
                        count -> {
                          pending.set(count);
                          return items.size();
                        }))
        .onComplete(
            ar -> {
              draining.set(false);
              if (ar.failed()) {
                LOG.warn("outbox: could not claim replies: {}", ar.cause().getMessage());
              } else if (ar.result() == BATCH || again) {
                vertx.runOnContext(v -> drain());
              }
            });
  }

  private Future<Void> deliverItem(OutboxItem item) {
    Delivery delivery;
    try {
      delivery = Delivery.fromJson(new JsonObject(item.payload()));
    } catch (RuntimeException e) {
      return dead(item, "unreadable delivery: " + e.getMessage());
    }
    return deliver(delivery)
        .transform(
            ar -> {
              if (ar.failed()) {
                return failedAttempt(item, ar.cause());
              }
              delivered.increment();
              store.updateReply(item.runId(), ReplyState.DELIVERED, ar.result());
              return store
                  .markDelivered(item.id())
                  .onFailure(
                      e ->
                          LOG.warn(
                              "run {}: delivered, but the outbox could not record it: {}",
                              item.runId(),
                              e.getMessage()));
            });
  }

  private Future<Void> failedAttempt(OutboxItem item, Throwable e) {
    Instant giveUp = item.createdAt().plus(GIVE_UP_AFTER);
    long delay =
        Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(16, Math.max(0, item.attempts() - 1)));
    Instant next = clock.instant().plusMillis(delay);
    if (!retriable(e) || next.isAfter(giveUp)) {
      return dead(item, e.getMessage());
    }
    LOG.warn(
        "run {}: Mattermost did not take the reply ({}); trying again in {}s",
        item.runId(),
        e.getMessage(),
        delay / 1000);
    return store.reschedule(item.id(), next, String.valueOf(e.getMessage()));
  }

  private Future<Void> dead(OutboxItem item, String error) {
    failed.increment();
    LOG.error("run {}: reply could not be delivered to Mattermost: {}", item.runId(), error);
    store.updateReply(item.runId(), ReplyState.FAILED, "");
    return store.markDead(item.id(), String.valueOf(error));
  }

  /** Delivers one reply; the future carries the id of the post that holds it, or "". */
  Future<String> deliver(Delivery delivery) {
    if (delivery instanceof Delivery.Create create) {
      return client.createPost(create.post(), pendingPostId(delivery)).map(Post::id);
    }
    if (delivery instanceof Delivery.Edit edit) {
      return client
          .patchPost(edit.postId(), edit.fallback().message())
          .map(Post::id)
          .recover(
              e ->
                  gone(e)
                      ? client.createPost(edit.fallback(), pendingPostId(delivery)).map(Post::id)
                      : Future.failedFuture(e));
    }
    Delivery.Respond respond = (Delivery.Respond) delivery;
    return client.respond(respond.url(), respond.body()).map("");
  }

  /**
   * The same reply retried (by this replica after a lost answer, or by another after a lease ran
   * out) carries the same {@code pending_post_id}, so Mattermost keeps one post.
   */
  private static String pendingPostId(Delivery delivery) {
    return "cmdr-" + delivery.runId() + "-" + kind(delivery).charAt(0);
  }

  private static String kind(Delivery delivery) {
    if (delivery instanceof Delivery.Create) {
      return "create_post";
    }
    return delivery instanceof Delivery.Edit ? "edit_post" : "respond";
  }

  /** The placeholder was deleted or cannot be edited: post the result anew. */
  private static boolean gone(Throwable e) {
    return e instanceof MattermostException m && (m.status() == 404 || m.status() == 403);
  }

  private static boolean retriable(Throwable e) {
    return e instanceof MattermostUnavailable
        || (e instanceof MattermostException m && m.isTransient());
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("commandeer.outbox.replies")
        .description("Replies through the REST API by final outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
