package dev.commandeer.config;

import java.time.Duration;

/**
 * Where state lives: a PostgreSQL URL ({@code postgresql://user:pass@host:port/db}), or empty for
 * the in-memory store.
 *
 * @param poolSize connections the reactive pool may open
 * @param connectTimeout how long to wait for a connection to the database
 * @param queryTimeout how long one statement may run before the database cancels it
 * @param keepHistory how long after it was created a finished run stays in the history (and a reply
 *     given up on with it); older ones are removed in the background
 */
public record StoreConfig(
    String url,
    int poolSize,
    Duration connectTimeout,
    Duration queryTimeout,
    Duration keepHistory) {

  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_KEEP_HISTORY = Duration.ofDays(30);

  /**
   * History is cut by when runs were created: with two days, even a run that used the longest
   * {@code timeout} (24h) stays about a day after it ended.
   */
  public static final Duration MIN_KEEP_HISTORY = Duration.ofDays(2);

  public StoreConfig(String url, int poolSize, Duration connectTimeout) {
    this(url, poolSize, connectTimeout, DEFAULT_QUERY_TIMEOUT, DEFAULT_KEEP_HISTORY);
  }

  public StoreConfig(String url, int poolSize, Duration connectTimeout, Duration queryTimeout) {
    this(url, poolSize, connectTimeout, queryTimeout, DEFAULT_KEEP_HISTORY);
  }

  public static StoreConfig defaults() {
    return new StoreConfig(
        "", 8, Duration.ofSeconds(5), DEFAULT_QUERY_TIMEOUT, DEFAULT_KEEP_HISTORY);
  }

  public boolean inMemory() {
    return url == null || url.isBlank();
  }

  @Override
  public String toString() {
    String shown = inMemory() ? "memory" : url.replaceAll("//([^:/@]*):[^@]*@", "//$1:***@");
    return "StoreConfig[url="
        + shown
        + ", poolSize="
        + poolSize
        + ", connectTimeout="
        + connectTimeout
        + ", queryTimeout="
        + queryTimeout
        + ", keepHistory="
        + keepHistory
        + "]";
  }
}
