package dev.commandeer.http;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * What {@code /healthz} and {@code /readyz} report. Liveness is the process answering at all;
 * readiness also needs the store to answer and the service not to be shutting down.
 */
public final class Health {

  private final Supplier<Future<Void>> storeCheck;
  private volatile boolean draining;

  public Health(Supplier<Future<Void>> storeCheck) {
    this.storeCheck = storeCheck;
  }

  /** From now on readiness fails, so load balancers stop sending new requests. */
  public void drain() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  Future<Void> ready() {
    if (draining) {
      return Future.failedFuture("shutting down");
    }
    return storeCheck.get();
  }
}
