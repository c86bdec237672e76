package dev.commandeer.reply;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;

/** Waiting for a future no longer than a budget, on a Vert.x timer. */
final class Waiting {

  private Waiting() {}

  /** The value if the future completes within the wait, else empty; never fails for lateness. */
  static <T> Future<Optional<T>> within(Vertx vertx, Future<T> future, Duration wait) {
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
