package dev.commandeer.reply;

import dev.commandeer.store.DeliveredReply;
import dev.commandeer.store.OutboxClaim;
import dev.commandeer.store.OutboxItem;
import dev.commandeer.store.ReplyState;
import dev.commandeer.store.RunClaim;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunRecord;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies that travel through the REST API. A reply is written to the store first, so once {@link
 * #submit} succeeds it survives a restart; a delivery worker in every replica claims due replies
 * ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL), delivers them, and retries with growing delays
 * while Mattermost is away. A reply Mattermost refuses for good, or that could not be delivered
 * within {@link #GIVE_UP_AFTER}, is kept as dead with its error, logged with its run id and
 * counted: none is dropped silently.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} deliveries are under way at once, each holding the lease of its
 * reply. A reply submitted while there is room, and no older reply waits in the store, is claimed
 * as it is written and delivered at once, without a claim of its own; the others wait for the
 * worker, which claims as many as there is room for whenever a delivery ends, a reply is submitted,
 * or a second has passed. Delivered replies are recorded in batches: one statement for whatever was
 * delivered while the previous one was under way.
 */
public final class ReplyOutbox implements Outbox {

  static final Duration GIVE_UP_AFTER = Duration.ofHours(1);
  static final int MAX_IN_FLIGHT = 64;
  private static final Logger LOG = LoggerFactory.getLogger(ReplyOutbox.class);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final long POLL_MS = 1_000;
  private static final long FIRST_RETRY_MS = 2_000;
  private static final long MAX_RETRY_MS = 120_000;

  private final Vertx vertx;
  private final ReplySender sender;
  private final Store store;
  private final Outcomes outcomes;
  private final String instanceId;
  private final Clock clock;
  private final AtomicLong pending = new AtomicLong();
  private final Counter delivered;
  private final Counter failed;
  private final DeliveredMarks marks;
  private final DeliverySlots slots = new DeliverySlots(MAX_IN_FLIGHT);
  private final AtomicBoolean claiming = new AtomicBoolean();

  /** The store may hold due replies that no claim has looked for since. */
  private final AtomicBoolean due = new AtomicBoolean(true);

  private long timer = -1;

  public ReplyOutbox(
      Vertx vertx,
      ReplySender sender,
      Store store,
      String instanceId,
      Clock clock,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.sender = sender;
    this.store = store;
    this.outcomes = new Outcomes(store);
    this.instanceId = instanceId;
    this.clock = clock;
    Gauge.builder("commandeer.outbox.pending", pending, AtomicLong::get)
        .description("Replies accepted but not yet delivered to Mattermost")
        .register(registry);
    this.delivered = counter(registry, "delivered");
    this.failed = counter(registry, "failed");
    this.marks = new DeliveredMarks(store);
  }

  @Override
  public boolean delivers() {
    return true;
  }

  /** Starts the delivery worker; replies left by earlier runs of any replica are picked up. */
  @Override
  public void start() {
    timer = vertx.setPeriodic(POLL_MS, t -> poll());
    poll();
  }

  @Override
  public void stop() {
    vertx.cancelTimer(timer);
  }

  @Override
  public Future<Void> submit(Delivery delivery) {
    return submit(delivery, null);
  }

  /**
   * Keeps the delivery, and when {@code outcome} is not null records it as how the delivery's run
   * ended, in the same step. Once the future succeeds both are durable and the reply will be
   * delivered.
   */
  @Override
  public Future<Void> submit(Delivery delivery, RunOutcome outcome) {
    return keep(
            delivery,
            (items, claim) ->
                outcome == null
                    ? store.enqueueReply(items.apply(delivery.runId()), claim).map(delivery.runId())
                    : store
                        .finishRun(delivery.runId(), outcome, items.apply(delivery.runId()), claim)
                        .onFailure(e -> outcomes.record(delivery.runId(), outcome))
                        .map(delivery.runId()),
            runId -> runId)
        .mapEmpty();
  }

  /**
   * Keeps the delivery of a run that ended before it was recorded: records the run, its
   * de-duplication {@code key} and the delivery in one step, or, when the key is held by an earlier
   * run, none of them (the answer names that run). Should the run's id be taken, the run and its
   * delivery move to a fresh one. Once the future holds a recorded run, it is durable and the reply
   * will be delivered.
   */
  @Override
  public Future<RunClaim> submitOnce(Delivery delivery, String key, Duration ttl, RunRecord run) {
    return keep(
        delivery.withRunId(run.id()),
        (items, claim) -> store.insertRunOnce(key, ttl, run, items, claim),
        claim -> claim.recorded() ? claim.run().id() : null);
  }

  /**
   * Writes the delivery with {@code write}, which is given the item for any run id and the claim to
   * take, if any; {@code keptUnder} reads from its answer the run id the reply was kept under, or
   * null when nothing was kept. A delivery that was claimed as it was written goes out at once; an
   * earlier reply still waiting in the store goes first otherwise.
   */
  private <T> Future<T> keep(
      Delivery delivery,
      BiFunction<Function<String, OutboxItem>, OutboxClaim, Future<T>> write,
      Function<T, String> keptUnder) {
    String itemId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    String kind = ReplySender.kind(delivery);
    Function<String, OutboxItem> items =
        new Function<>() {
          private OutboxItem last;

          /** The same item for the same run id, its payload encoded once. */
          @Override
          public OutboxItem apply(String runId) {
            if (last == null || !last.runId().equals(runId)) {
              String payload = delivery.withRunId(runId).toJson().encode();
              last = new OutboxItem(itemId, runId, kind, payload, now, now, 0, "");
            }
            return last;
          }
        };
    boolean atOnce = !due.get() && slots.take();
    OutboxClaim claim = atOnce ? new OutboxClaim(instanceId, LEASE) : null;
    return write
        .apply(items, claim)
        .onSuccess(
            written -> {
              String runId = keptUnder.apply(written);
              if (runId == null) {
                if (atOnce) {
                  slots.giveBack(1);
                  pump();
                }
              } else if (atOnce) {
                deliverClaimed(items.apply(runId).claimed(), delivery.withRunId(runId));
              } else {
                due.set(true);
                pump();
              }
            })
        .onFailure(
            e -> {
              if (atOnce) {
                slots.giveBack(1);
                pump();
              }
              LOG.error(
                  "run {}: reply could not be stored for delivery: {}",
                  delivery.runId(),
                  e.getMessage());
            });
  }

  /** Replies not yet delivered, as last counted. */
  public long pending() {
    return pending.get();
  }

  @Override
  public Future<Void> flush(Duration wait) {
    long deadline = System.currentTimeMillis() + wait.toMillis();
    return flushUntil(deadline);
  }

  private Future<Void> flushUntil(long deadline) {
    return store
        .pendingCount()
        .compose(
            count -> {
              pending.set(count);
              if (count == 0) {
                return Future.succeededFuture();
              }
              if (System.currentTimeMillis() >= deadline) {
                LOG.warn("{} repl(ies) still pending at shutdown; they stay in the store", count);
                return Future.succeededFuture();
              }
              due.set(true);
              pump();
              return vertx.timer(100).compose(t -> flushUntil(deadline));
            });
  }

  /** Every second: replies of other replicas, retries that came due, and the pending gauge. */
  private void poll() {
    due.set(true);
    pump();
    store.pendingCount().onSuccess(pending::set);
  }

  /**
   * Claims as many due replies as there are free slots and delivers them; one claim at a time per
   * process. With no free slot it does nothing: the next delivery to end calls it again.
   */
  void pump() {
    if (!due.get() || !claiming.compareAndSet(false, true)) {
      return;
    }
    int room = slots.takeUpTo(MAX_IN_FLIGHT);
    if (room == 0) {
      claiming.set(false);
      return;
    }
    due.set(false);
    store
        .claimDue(instanceId, room, LEASE)
        .onComplete(
            ar -> {
              List<OutboxItem> items = ar.succeeded() ? ar.result() : List.of();
              slots.giveBack(room - items.size());
              if (ar.failed()) {
                LOG.warn("outbox: could not claim replies: {}", ar.cause().getMessage());
              } else if (items.size() == room) {
                due.set(true);
              }
              claiming.set(false);
              items.forEach(item -> deliverClaimed(item, null));
              if (ar.succeeded()) {
                pump();
              }
            });
  }

  /**
   * Delivers a reply this process holds the lease of, then frees its slot. {@code delivery} is the
   * reply as submitted here, or null when it was claimed and has to be read from its payload.
   */
  private void deliverClaimed(OutboxItem item, Delivery delivery) {
    attempt(item, delivery)
        .onComplete(
            ar -> {
              slots.giveBack(1);
              pump();
            });
  }

  private Future<Void> attempt(OutboxItem item, Delivery submitted) {
    Delivery delivery = submitted;
    if (delivery == null) {
      try {
        delivery = Delivery.fromJson(new JsonObject(item.payload()));
      } catch (RuntimeException e) {
        return dead(item, "unreadable delivery: " + e.getMessage());
      }
    }
    return sender
        .deliver(delivery)
        .transform(
            ar -> {
              if (ar.failed()) {
                return failedAttempt(item, ar.cause());
              }
              marks.add(new DeliveredReply(item.id(), item.runId(), ar.result()));
              delivered.increment(); // counted once it is queued for recording
              return Future.succeededFuture();
            });
  }

  private Future<Void> failedAttempt(OutboxItem item, Throwable e) {
    Instant giveUp = item.createdAt().plus(GIVE_UP_AFTER);
    long delay =
        Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(16, Math.max(0, item.attempts() - 1)));
    Instant next = clock.instant().plusMillis(delay);
    if (!ReplySender.retriable(e) || next.isAfter(giveUp)) {
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

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("commandeer.outbox.replies")
        .description("Replies through the REST API by final outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
