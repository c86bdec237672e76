package dev.commandeer.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The Mattermost server that replies are posted to later, and the bot account's token.
 *
 * @param url REST API base such as {@code https://chat.example.com}, or null when not configured
 * @param botToken the bot's personal access token, or null
 * @param timeout deadline for each REST call
 */
public record MattermostConfig(String url, String botToken, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public static MattermostConfig defaults() {
    return new MattermostConfig(null, null, DEFAULT_TIMEOUT);
  }

  /** True when the service can post as the bot: both the URL and the token are set. */
  public boolean canPost() {
    return url != null && !url.isBlank() && botToken != null && !botToken.isBlank();
  }

  public Optional<String> baseUrl() {
    return Optional.ofNullable(url).filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""));
  }

  @Override
  public String toString() {
    return "MattermostConfig[url="
        + url
        + ", botToken="
        + (botToken == null ? "unset" : "***")
        + ", timeout="
        + timeout
        + "]";
  }
}
