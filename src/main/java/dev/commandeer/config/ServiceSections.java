package dev.commandeer.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Reads the service-wide sections: server, mattermost, store, limits and log. */
final class ServiceSections {

  /** Mattermost gives up on an integration after 30s; answer well before that. */
  static final Duration MAX_INLINE_BUDGET = Duration.ofSeconds(25);

  static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  private ServiceSections() {}

  static ServerConfig server(Section s) {
    ServerConfig d = ServerConfig.defaults();
    String host = s.text("host", d.host());
    if (host.isBlank()) {
      s.problem("host", "must not be empty (use 0.0.0.0 to listen on every interface)");
    }
    return new ServerConfig(
        host,
        s.integer("port", d.port(), 0, 65535),
        s.integer("maxBodyBytes", d.maxBodyBytes(), 1024, 10 * 1024 * 1024),
        s.duration("inlineBudget", d.inlineBudget(), Duration.ZERO, MAX_INLINE_BUDGET),
        s.duration("shutdownGrace", d.shutdownGrace(), Duration.ZERO, Duration.ofHours(1)));
  }

  static MattermostConfig mattermost(Section s) {
    String url = s.text("url").filter(u -> !u.isBlank()).orElse(null);
    String botToken = s.text("botToken").filter(t -> !t.isBlank()).orElse(null);
    if (url != null) {
      checkUrl(s, url);
    }
    // A URL alone is valid: slash commands can still be answered later through response_url.
    if (url == null && botToken != null) {
      s.problem("url", "is required when mattermost.botToken is set: it is where the bot posts");
    }
    Duration timeout =
        s.duration(
            "timeout",
            MattermostConfig.DEFAULT_TIMEOUT,
            Duration.ofMillis(100),
            Duration.ofMinutes(2));
    return new MattermostConfig(url, botToken, timeout);
  }

  private static void checkUrl(Section s, String url) {
    if (url.contains("@")) {
      s.problem("url", "must not contain a user name or password; the bot token is set apart");
    } else if (!isHttpUrl(url)) {
      s.problem(
          "url",
          "must be an absolute http(s) URL without query, such as https://chat.example.com, got '"
              + url
              + "'");
    }
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static StoreConfig store(Section s) {
    StoreConfig d = StoreConfig.defaults();
    String url = s.text("url", d.url()).trim();
    if (!url.isEmpty() && !url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      // The URL usually carries a password: say what is wrong without repeating it.
      s.problem(
          "url",
          "must start with postgresql:// or postgres://, or be empty for the in-memory store");
    }
    return new StoreConfig(
        url,
        s.integer("poolSize", d.poolSize(), 1, 100),
        s.duration(
            "connectTimeout", d.connectTimeout(), Duration.ofMillis(100), Duration.ofMinutes(2)),
        d.queryTimeout(),
        s.duration(
            "keepHistory", d.keepHistory(), StoreConfig.MIN_KEEP_HISTORY, Duration.ofDays(3650)));
  }

  static LimitsConfig limits(Section s) {
    LimitsConfig d = LimitsConfig.defaults();
    return new LimitsConfig(
        s.rate("perUser", d.perUser()),
        s.integer("running", d.running(), 1, 1024),
        s.integer("queue", d.queue(), 0, 100_000));
  }

  static LogConfig log(Section s) {
    LogConfig d = LogConfig.defaults();
    String format = s.oneOf("format", "text", List.of("text", "json"));
    return new LogConfig(
        LogConfig.Format.valueOf(format.toUpperCase(Locale.ROOT)),
        s.oneOf("level", d.level(), LOG_LEVELS));
  }
}
