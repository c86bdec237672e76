/**
 * Getting answers back to Mattermost: the {@link dev.commandeer.chat.Reply} a command produces, and
 * {@link dev.commandeer.reply.MattermostClient}, the one way the service talks to Mattermost's REST
 * API as the bot (posts, thread roots) and to a slash command's {@code response_url}.
 *
 * <p>Resilience toward Mattermost (timeouts, retries with backoff and {@code Retry-After}, the
 * circuit breaker) lives inside the client and nowhere else. This package must not parse incoming
 * requests or run commands, must never log the bot token or whole payloads, and calls no URL that
 * is not on the configured Mattermost server.
 */
package dev.commandeer.reply;
