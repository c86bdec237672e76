package dev.commandeer.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.reply.NoBot;
import dev.commandeer.reply.NoOutbox;
import dev.commandeer.store.MemoryStore;
import dev.commandeer.store.Store;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HousekeepingTest {

  final Vertx vertx = Vertx.vertx();
  final MemoryStore memory = new MemoryStore();
  final List<Object[]> prunes = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  Store recordingPrunes() {
    return (Store)
        Proxy.newProxyInstance(
            Store.class.getClassLoader(),
            new Class<?>[] {Store.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prune")) {
                prunes.add(args);
              }
              return method.invoke(memory, args);
            });
  }

  @Test
  void every_twelfth_round_prunes_delivered_replies_and_the_history_past_its_keep_in_batches() {
    Housekeeping housekeeping =
        new Housekeeping(
            vertx, recordingPrunes(), "me", null, new NoBot(), new NoOutbox(), Duration.ofDays(7));

    for (int i = 0; i < 13; i++) {
      housekeeping.round().await();
    }

    assertThat(prunes).hasSize(2);
    assertThat((Instant) prunes.get(0)[0])
        .as("delivered before")
        .isBetween(
            Instant.now().minus(Duration.ofDays(1)).minusSeconds(60),
            Instant.now().minus(Duration.ofDays(1)));
    assertThat((Instant) prunes.get(0)[1])
        .as("history before")
        .isBetween(
            Instant.now().minus(Duration.ofDays(7)).minusSeconds(60),
            Instant.now().minus(Duration.ofDays(7)));
    assertThat(prunes.get(0)[2]).isEqualTo(Housekeeping.PRUNE_BATCH);
  }
}
