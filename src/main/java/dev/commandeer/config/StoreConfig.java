package dev.commandeer.config;

import java.time.Duration;

/**
 * Where state lives: a PostgreSQL URL ({@code postgresql://user:pass@host:port/db}), or empty for
 * the in-memory store.
 *
 * @param poolSize connections the reactive pool may open
 * @param connectTimeout how long to wait for a connection to the database
 * @param queryTimeout how long one statement may run before the database cancels it
 */
public record StoreConfig(
    String url, int poolSize, Duration connectTimeout, Duration queryTimeout) {

  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

  public StoreConfig(String url, int poolSize, Duration connectTimeout) {
    this(url, poolSize, connectTimeout, DEFAULT_QUERY_TIMEOUT);
  }

  public static StoreConfig defaults() {
    return new StoreConfig("", 8, Duration.ofSeconds(5), DEFAULT_QUERY_TIMEOUT);
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
        + "]";
  }
}
