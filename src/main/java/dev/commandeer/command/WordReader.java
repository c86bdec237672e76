package dev.commandeer.command;

import java.util.NoSuchElementException;

/**
 * Reads the words of a line one at a time, so that a command whose last argument takes the rest of
 * the line verbatim never needs the rest to be well quoted ({@code todo add don't forget}).
 */
final class WordReader {

  private static final int SNIPPET = 20;

  private final String line;
  private int pos;

  WordReader(String line) {
    this.line = line;
  }

  boolean hasNext() {
    skipSpace();
    return pos < line.length();
  }

  /** The next word without consuming it. */
  Word peek() {
    int saved = pos;
    try {
      return next();
    } finally {
      pos = saved;
    }
  }

  Word next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more words");
    }
    int start = pos;
    StringBuilder value = new StringBuilder();
    while (pos < line.length() && !isSpace(line.charAt(pos))) {
      char c = line.charAt(pos);
      if (c == '\\') {
        escaped(value);
      } else if (c == '\'' || c == '‘') {
        singleQuoted(value, c == '\'' ? '\'' : '’');
      } else if (c == '"' || c == '“') {
        doubleQuoted(value, c == '"' ? '"' : '”');
      } else {
        value.append(c);
        pos++;
      }
    }
    return new Word(value.toString(), start, pos);
  }

  /** Everything not read yet, as typed, without leading whitespace; nothing is left after it. */
  String rest() {
    skipSpace();
    return restFrom(pos);
  }

  /** Everything not read yet, as typed, without leading whitespace, without consuming it. */
  String peekRaw() {
    skipSpace();
    return line.substring(pos);
  }

  /** The line as typed from {@code offset} to its end; nothing is left after it. */
  String restFrom(int offset) {
    pos = line.length();
    return line.substring(offset);
  }

  /** The line as typed between two offsets. */
  String raw(int start, int end) {
    return line.substring(start, end);
  }

  static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private void escaped(StringBuilder value) {
    if (pos + 1 >= line.length()) {
      throw new CommandException(
          "The text ends with a backslash, which has nothing left to escape. "
              + "Remove it, or write two backslashes for a literal one.");
    }
    int escapedChar = line.codePointAt(pos + 1);
    value.appendCodePoint(escapedChar);
    pos += 1 + Character.charCount(escapedChar);
  }

  private void singleQuoted(StringBuilder value, char closer) {
    int close = line.indexOf(closer, pos + 1);
    if (close < 0) {
      throw unterminated("single", pos);
    }
    value.append(line, pos + 1, close);
    pos = close + 1;
  }

  private void doubleQuoted(StringBuilder value, char closer) {
    int open = pos;
    for (pos = open + 1; pos < line.length(); pos++) {
      char c = line.charAt(pos);
      if (c == closer) {
        pos++;
        return;
      }
      if (c == '\\'
          && pos + 1 < line.length()
          && escapableInDoubleQuotes(line.charAt(pos + 1), closer)) {
        pos++;
      }
      value.append(line.charAt(pos));
    }
    throw unterminated("double", open);
  }

  private static boolean escapableInDoubleQuotes(char c, char closer) {
    return c == '\\' || c == '"' || c == closer;
  }

  private void skipSpace() {
    while (pos < line.length() && isSpace(line.charAt(pos))) {
      pos++;
    }
  }

  private CommandException unterminated(String kind, int at) {
    String from = line.substring(at).replaceAll("\\s+", " ");
    String shown =
        from.codePointCount(0, from.length()) <= SNIPPET
            ? from
            : from.substring(0, from.offsetByCodePoints(0, SNIPPET)) + "…";
    return new CommandException(
        "Unterminated "
            + kind
            + " quote starting at "
            + Markdown.code(shown)
            + ". Close the quote, or put a backslash before it to use it as a plain character.");
  }
}
