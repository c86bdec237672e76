package dev.commandeer.store;

import io.vertx.core.Vertx;
import java.time.Clock;

class MemoryStoreTest extends StoreContract {

  @Override
  Store openEmpty(Vertx vertx, Clock clock) {
    return new MemoryStore(clock);
  }

  /** One process holds one memory store: "another replica" is the same store used at once. */
  @Override
  Store openReplica(Vertx vertx, Clock clock, Store store) {
    return store;
  }
}
