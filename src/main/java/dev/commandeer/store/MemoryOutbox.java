package dev.commandeer.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replies waiting for Mattermost in a {@link MemoryStore}, which holds the lock. A delivered
 * reply is forgotten at once; one given up on stays until the history of its time goes.
 */
final class MemoryOutbox {

  private final Clock clock;
  private final Map<String, Delivery> items = new LinkedHashMap<>();

  private record Delivery(OutboxItem item, String state, Instant leaseUntil) {}

  MemoryOutbox(Clock clock) {
    this.clock = clock;
  }

  boolean has(String itemId) {
    return items.containsKey(itemId);
  }

  /** Adds a new item, already claimed by its writer when {@code claim} is not null. */
  void add(OutboxItem item, OutboxClaim claim) {
    if (claim == null) {
      items.put(item.id(), new Delivery(item, "pending", null));
    } else {
      Instant leaseUntil = Times.micros(clock.instant()).plus(claim.lease());
      items.put(item.id(), new Delivery(item.claimed(), "pending", leaseUntil));
    }
  }

  List<OutboxItem> claimDue(int max, Duration lease) {
    Instant now = Times.micros(clock.instant());
    List<Delivery> due =
        items.values().stream()
            .filter(d -> d.state().equals("pending") && !d.item().nextAttemptAt().isAfter(now))
            .filter(d -> d.leaseUntil() == null || !d.leaseUntil().isAfter(now))
            .sorted(Comparator.comparing(d -> d.item().nextAttemptAt()))
            .limit(Math.max(0, max))
            .toList();
    List<OutboxItem> claimed = new ArrayList<>();
    for (Delivery d : due) {
      OutboxItem item = d.item().claimed();
      items.put(item.id(), new Delivery(item, "pending", now.plus(lease)));
      claimed.add(item);
    }
    return List.copyOf(claimed);
  }

  void delivered(String itemId) {
    Delivery d = items.get(itemId);
    if (d != null && d.state().equals("pending")) {
      items.remove(itemId);
    }
  }

  void dead(String itemId, String error) {
    Delivery d = items.get(itemId);
    if (d != null && d.state().equals("pending")) {
      OutboxItem item = error == null ? d.item() : d.item().failed(error);
      items.put(itemId, new Delivery(item, "dead", null));
    }
  }

  void reschedule(String itemId, Instant nextAttemptAt, String error) {
    Delivery d = items.get(itemId);
    if (d != null && d.state().equals("pending")) {
      items.put(itemId, new Delivery(d.item().deferred(nextAttemptAt, error), "pending", null));
    }
  }

  long pending() {
    return items.values().stream().filter(d -> d.state().equals("pending")).count();
  }

  /** Forgets up to {@code max} items given up on that were created before {@code before}. */
  int forgetDeadCreatedBefore(Instant before, int max) {
    int gone = 0;
    var all = items.values().iterator();
    while (gone < max && all.hasNext()) {
      Delivery d = all.next();
      if (d.state().equals("dead") && d.item().createdAt().isBefore(before)) {
        all.remove();
        gone++;
      }
    }
    return gone;
  }
}
