package dev.commandeer.chat;

/** Keeps messages within Mattermost's limit, counted in code points as Mattermost counts runes. */
public final class MessageText {

  public static final String CUT_NOTE = "\n… (message cut to fit Mattermost's limit)";

  private MessageText() {}

  /** The text itself when it fits, else its start with a note that the rest was cut. */
  public static String fit(String text) {
    return fit(text, Reply.MAX_MESSAGE_CHARS);
  }

  public static String fit(String text, int maxCodePoints) {
    if (text.codePointCount(0, text.length()) <= maxCodePoints) {
      return text;
    }
    int keep = maxCodePoints - CUT_NOTE.length();
    int end = text.offsetByCodePoints(0, keep);
    return text.substring(0, end) + CUT_NOTE;
  }
}
