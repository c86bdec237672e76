package dev.commandeer.chat;

/**
 * A request decoded just far enough to read its token: the rest is checked, and the conversation
 * opened, only once the token is accepted.
 */
public interface Incoming {

  /** The token the request came with, or null when it has none (or two that disagree). */
  String token();

  /**
   * The conversation of a request accepted under the token named {@code tokenName}; throws {@link
   * IllegalArgumentException} naming the first missing or malformed field.
   */
  Conversation open(String tokenName);
}
