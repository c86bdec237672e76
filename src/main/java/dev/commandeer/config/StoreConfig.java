package dev.commandeer.config;

import java.time.Duration;

/**
 * Where state lives: a PostgreSQL URL ({@code postgresql://user:pass@host:port/db}), or empty for
 * the in-memory store.
 */
public record StoreConfig(String url, int poolSize, Duration connectTimeout) {

  public static StoreConfig defaults() {
    return new StoreConfig("", 8, Duration.ofSeconds(5));
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
        + "]";
  }
}
