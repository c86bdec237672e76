package dev.commandeer.reply;

import dev.commandeer.store.RunClaim;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunRecord;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * No Mattermost server to deliver to ({@code mattermost.url} is not set): nothing is kept, and
 * replies left in the store by an earlier configuration stay there untouched.
 */
public final class NoOutbox implements Outbox {

  @Override
  public boolean delivers() {
    return false;
  }

  @Override
  public Future<Void> submit(Delivery delivery) {
    return Future.failedFuture(missing());
  }

  @Override
  public Future<Void> submit(Delivery delivery, RunOutcome outcome) {
    return Future.failedFuture(missing());
  }

  @Override
  public Future<RunClaim> submitOnce(Delivery delivery, String key, Duration ttl, RunRecord run) {
    return Future.failedFuture(missing());
  }

  @Override
  public void start() {}

  @Override
  public void stop() {}

  @Override
  public Future<Void> flush(Duration wait) {
    return Future.succeededFuture();
  }

  private static IllegalStateException missing() {
    return new IllegalStateException("no Mattermost server is configured (mattermost.url)");
  }
}
