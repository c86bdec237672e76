package dev.commandeer.config;

/**
 * Where a command's result goes.
 *
 * <ul>
 *   <li>{@code AUTO}: inline when ready within {@code server.inlineBudget}, else later in the
 *       thread
 *   <li>{@code INLINE}: always in the HTTP response (waits up to the command's timeout)
 *   <li>{@code THREAD}: always later, posted by the bot into the thread
 *   <li>{@code EPHEMERAL}: only the caller sees it (slash commands)
 *   <li>{@code CHANNEL}: a new post in the channel rather than a thread reply
 * </ul>
 */
public enum ReplyMode {
  AUTO,
  INLINE,
  THREAD,
  EPHEMERAL,
  CHANNEL
}
