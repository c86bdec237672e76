package dev.commandeer.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a chat line into words the way a shell would, without ever expanding anything.
 *
 * <p>Words are separated by any whitespace, newlines included. Single quotes keep everything
 * literally; double quotes keep everything except that a backslash escapes {@code "} and {@code \};
 * outside quotes a backslash escapes the next character. The typographic quotes that phones and
 * macOS type ({@code “…”} and {@code ‘…’}) work like their plain forms, and a lone {@code ’} stays
 * an apostrophe. {@code $(…)}, backticks, {@code ;} and {@code |} are ordinary characters.
 */
public final class Words {

  private Words() {}

  /**
   * The words of {@code line}, or a {@link CommandException} naming an unterminated quote or a
   * trailing backslash.
   */
  public static List<Word> split(String line) {
    WordReader reader = new WordReader(line);
    List<Word> words = new ArrayList<>();
    while (reader.hasNext()) {
      words.add(reader.next());
    }
    return List.copyOf(words);
  }

  /** The value written so that {@link #split} reads it back as exactly one word. */
  public static String quote(String value) {
    if (!value.isEmpty() && value.chars().noneMatch(Words::needsQuoting)) {
      return value;
    }
    if (value.indexOf('\'') < 0) {
      return "'" + value + "'";
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static boolean needsQuoting(int c) {
    return WordReader.isSpace(c) || "'\"\\‘“".indexOf(c) >= 0;
  }
}
