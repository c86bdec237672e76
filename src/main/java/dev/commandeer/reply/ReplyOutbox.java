package dev.commandeer.reply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers replies that travel through the REST API, and keeps trying while Mattermost is away: the
 * client retries quickly, this retries slowly (up to {@link #GIVE_UP_AFTER}) until Mattermost takes
 * the reply or refuses it for good. Every final failure is logged with its run id and counted; none
 * is dropped silently.
 */
public final class ReplyOutbox {

  static final Duration GIVE_UP_AFTER = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(ReplyOutbox.class);
  private static final long FIRST_DELAY_MS = 2_000;
  private static final long MAX_DELAY_MS = 120_000;

  private final Vertx vertx;
  private final MattermostClient client;
  private final AtomicInteger pending = new AtomicInteger();
  private final Counter delivered;
  private final Counter failed;

  public ReplyOutbox(Vertx vertx, MattermostClient client, MeterRegistry registry) {
    this.vertx = vertx;
    this.client = client;
    Gauge.builder("commandeer.outbox.pending", pending, AtomicInteger::get)
        .description("Replies accepted but not yet delivered to Mattermost")
        .register(registry);
    this.delivered = counter(registry, "delivered");
    this.failed = counter(registry, "failed");
  }

  /** Takes a delivery; the future completes once Mattermost has it, or fails when given up. */
  public Future<Void> submit(Delivery delivery) {
    pending.incrementAndGet();
    long deadline = System.currentTimeMillis() + GIVE_UP_AFTER.toMillis();
    return attempt(delivery, FIRST_DELAY_MS, deadline)
        .onSuccess(v -> delivered.increment())
        .onFailure(
            e -> {
              failed.increment();
              LOG.error(
                  "run {}: reply could not be delivered to Mattermost: {}",
                  delivery.runId(),
                  e.getMessage());
            })
        .eventually(
            () -> {
              pending.decrementAndGet();
              return Future.succeededFuture();
            });
  }

  public int pending() {
    return pending.get();
  }

  /** Completes when nothing is pending any more, or after {@code wait}, whichever is first. */
  public Future<Void> flush(Duration wait) {
    long deadline = System.currentTimeMillis() + wait.toMillis();
    return poll(deadline);
  }

  private Future<Void> poll(long deadline) {
    if (pending.get() == 0) {
      return Future.succeededFuture();
    }
    if (System.currentTimeMillis() >= deadline) {
      LOG.warn("{} repl(ies) to Mattermost still pending at shutdown", pending.get());
      return Future.succeededFuture();
    }
    return vertx.timer(100).compose(t -> poll(deadline));
  }

  private Future<Void> attempt(Delivery delivery, long delayMs, long deadline) {
    return deliver(delivery)
        .recover(
            e -> {
              if (!retriable(e) || System.currentTimeMillis() + delayMs > deadline) {
                return Future.failedFuture(e);
              }
              LOG.warn(
                  "run {}: Mattermost did not take the reply ({}); trying again in {}s",
                  delivery.runId(),
                  e.getMessage(),
                  delayMs / 1000);
              return vertx
                  .timer(delayMs)
                  .compose(t -> attempt(delivery, Math.min(delayMs * 2, MAX_DELAY_MS), deadline));
            });
  }

  Future<Void> deliver(Delivery delivery) {
    if (delivery instanceof Delivery.Create create) {
      return client.createPost(create.post()).mapEmpty();
    }
    if (delivery instanceof Delivery.Edit edit) {
      return client
          .patchPost(edit.postId(), edit.fallback().message())
          .<Void>mapEmpty()
          .recover(
              e ->
                  gone(e) ? client.createPost(edit.fallback()).mapEmpty() : Future.failedFuture(e));
    }
    Delivery.Respond respond = (Delivery.Respond) delivery;
    return client.respond(respond.url(), respond.body());
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
