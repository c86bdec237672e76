package dev.commandeer.chat;

import dev.commandeer.config.ReplyMode;
import java.util.Objects;

/**
 * A message for Mattermost and who should see it. The ingress turns it into its wire format.
 *
 * @param text markdown, already within Mattermost's length limit
 * @param visibility where the message appears
 */
public record Reply(String text, Visibility visibility) {

  /** Mattermost's limit on a post's message, in characters (runes). */
  public static final int MAX_MESSAGE_CHARS = 16_383;

  public enum Visibility {
    /** Only the caller sees it, where the ingress can show such a message. */
    EPHEMERAL,
    /** A reply in the thread of the triggering post, seen by everyone. */
    THREAD,
    /** A new post in the channel, seen by everyone. */
    CHANNEL,
    /** Nothing is posted in the HTTP answer: the reply travels through the REST API instead. */
    NONE;

    /** Where a {@code reply:} mode puts its answer, for an ingress that can show each kind. */
    public static Visibility of(ReplyMode mode) {
      return switch (mode) {
        case EPHEMERAL -> EPHEMERAL;
        case CHANNEL -> CHANNEL;
        default -> THREAD;
      };
    }
  }

  public Reply {
    Objects.requireNonNull(visibility, "visibility");
    text = MessageText.fit(text == null ? "" : text);
  }

  public static Reply ephemeral(String text) {
    return new Reply(text, Visibility.EPHEMERAL);
  }

  public static Reply thread(String text) {
    return new Reply(text, Visibility.THREAD);
  }

  public static Reply channel(String text) {
    return new Reply(text, Visibility.CHANNEL);
  }

  public static Reply none() {
    return new Reply("", Visibility.NONE);
  }
}
