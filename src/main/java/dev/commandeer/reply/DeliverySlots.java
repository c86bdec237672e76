package dev.commandeer.reply;

import java.util.concurrent.atomic.AtomicInteger;

/** The deliveries an outbox may have under way at once; taken and given back from any thread. */
final class DeliverySlots {

  private final int max;
  private final AtomicInteger taken = new AtomicInteger();

  DeliverySlots(int max) {
    this.max = max;
  }

  /** Takes one slot if one is free. */
  boolean take() {
    return takeUpTo(1) == 1;
  }

  /** Takes every free slot, at most {@code wanted}; how many it took. */
  int takeUpTo(int wanted) {
    int now;
    int room;
    do {
      now = taken.get();
      room = Math.min(wanted, max - now);
      if (room <= 0) {
        return 0;
      }
    } while (!taken.compareAndSet(now, now + room));
    return room;
  }

  /** Gives {@code count} slots back. */
  void giveBack(int count) {
    taken.addAndGet(-count);
  }
}
