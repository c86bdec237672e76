package dev.commandeer.store;

import java.util.Locale;

/** How far the answer to a run has got. */
public enum ReplyState {
  /** Nothing has been answered yet. */
  NONE,
  /** Answered in the HTTP response. */
  INLINE,
  /** Waiting in the outbox to be posted. */
  PENDING,
  /** Posted through the REST API. */
  DELIVERED,
  /** Given up on after retries. */
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ReplyState fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
