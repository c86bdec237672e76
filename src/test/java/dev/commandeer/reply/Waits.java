package dev.commandeer.reply;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Waits on futures from the JUnit thread, with a deadline so a broken test fails, not hangs. */
final class Waits {

  private static final long DEADLINE_SECONDS = 15;

  private Waits() {}

  static <T> T await(Future<T> future) throws Exception {
    return future.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** The failure that ends {@code future}; an assertion error when it succeeds instead. */
  static Throwable failureOf(Future<?> future) throws Exception {
    Future<Throwable> failure =
        future.transform(
            ar ->
                ar.failed()
                    ? Future.succeededFuture(ar.cause())
                    : Future.failedFuture(
                        new AssertionError("expected a failure, got " + ar.result())));
    return failure.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }
}
