package dev.commandeer.reply;

import dev.commandeer.store.RunClaim;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunRecord;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Where replies that travel through Mattermost's REST API are kept until they are delivered: the
 * {@link ReplyOutbox}, or {@link NoOutbox} when no Mattermost server is configured.
 */
public interface Outbox {

  /** Whether replies kept here reach Mattermost at all. */
  boolean delivers();

  /** Keeps the delivery; once the future succeeds it is durable and will be delivered. */
  Future<Void> submit(Delivery delivery);

  /**
   * Keeps the delivery and records {@code outcome} as how its run ended, in one step; once the
   * future succeeds both are durable and the reply will be delivered.
   */
  Future<Void> submit(Delivery delivery, RunOutcome outcome);

  /**
   * Keeps the delivery of a run that ended before it was recorded: the run, its de-duplication
   * {@code key} and the delivery in one step, or none of them when an earlier run holds the key.
   */
  Future<RunClaim> submitOnce(Delivery delivery, String key, Duration ttl, RunRecord run);

  /** Starts delivering; replies left by earlier runs of any replica are picked up. */
  void start();

  void stop();

  /** Delivers what is due now and completes when nothing is pending, or after {@code wait}. */
  Future<Void> flush(Duration wait);
}
