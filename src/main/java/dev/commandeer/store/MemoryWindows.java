package dev.commandeer.store;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * Fixed rate-limit windows of a {@link MemoryStore}, which holds the lock: at most {@code maxKeys};
 * ended ones are dropped as other hits come.
 */
final class MemoryWindows {

  private final int maxKeys;
  // in the order they were last written, so the oldest come first
  private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

  private record Window(Instant start, int hits, Duration length) {
    boolean endedBy(Instant now) {
      return !start.isAfter(now.minus(length));
    }
  }

  MemoryWindows(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  RateDecision hit(String key, int limit, Duration window, Instant now) {
    Instant at = Times.micros(now);
    Window current = windows.get(key);
    if (current == null || !current.start().isAfter(at.minus(window))) {
      current = new Window(at, 0, window);
    }
    current = new Window(current.start(), current.hits() + 1, window);
    windows.remove(key);
    windows.put(key, current);
    dropEnded(at);
    if (current.hits() <= limit) {
      return RateDecision.allow();
    }
    return RateDecision.deny(Duration.between(at, current.start().plus(window)));
  }

  /**
   * Forgets up to {@code max} windows that started before {@code before}, from the least recently
   * hit on; it stops at the first that did not, so one hit lately in an old window may keep a few
   * older ones a while longer (never beyond {@code maxKeys}).
   */
  int forgetStartedBefore(Instant before, int max) {
    int gone = 0;
    var eldest = windows.values().iterator();
    while (gone < max && eldest.hasNext() && eldest.next().start().isBefore(before)) {
      eldest.remove();
      gone++;
    }
    return gone;
  }

  /** Drops windows from the oldest end while they have ended, and beyond {@code maxKeys}. */
  private void dropEnded(Instant now) {
    var eldest = windows.values().iterator();
    while (eldest.hasNext()) {
      Window w = eldest.next();
      if (windows.size() > maxKeys || w.endedBy(now)) {
        eldest.remove();
      } else {
        return;
      }
    }
  }
}
