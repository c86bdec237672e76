package dev.commandeer.config;

/** How log lines are written: {@code text} for people, {@code json} for collectors. */
public record LogConfig(Format format, String level) {

  public enum Format {
    TEXT,
    JSON
  }

  public static LogConfig defaults() {
    return new LogConfig(Format.TEXT, "INFO");
  }
}
