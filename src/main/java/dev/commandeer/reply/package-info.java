/**
 * Getting answers back to Mattermost: deciding where a {@link dev.commandeer.chat.Reply} goes
 * ({@link dev.commandeer.reply.ReplyPlanner}, which asks the conversation, never the ingress), the
 * {@link dev.commandeer.reply.Bot} (or none), the {@link dev.commandeer.reply.Outbox} that keeps
 * later replies, and {@link dev.commandeer.reply.MattermostClient}, the one way the service talks
 * to Mattermost's REST API as the bot (posts, thread roots) and to a slash command's {@code
 * response_url}.
 *
 * <p>Resilience toward Mattermost (timeouts, retries with backoff and {@code Retry-After}, the
 * circuit breaker) lives inside the client and nowhere else. This package must not parse incoming
 * requests, run commands or depend on {@code command}, must never log the bot token or whole
 * payloads, and calls no URL that is not on the configured Mattermost server.
 */
package dev.commandeer.reply;
