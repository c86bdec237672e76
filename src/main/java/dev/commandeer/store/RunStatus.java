package dev.commandeer.store;

import java.util.Locale;

/** Where a run is in its life. Only {@link #QUEUED} and {@link #RUNNING} can still change. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  CANCELLED,
  /** The process that ran it died before it finished. */
  INTERRUPTED;

  public boolean isActive() {
    return this == QUEUED || this == RUNNING;
  }

  /** The name people read and the database stores: {@code timed_out}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
