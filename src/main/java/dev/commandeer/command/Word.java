package dev.commandeer.command;

/**
 * One word of a command line after quotes and escapes are removed.
 *
 * @param value the word as the command receives it
 * @param start offset of the word's first character (an opening quote included) in the line
 * @param end offset just past the word's last character (a closing quote included)
 */
public record Word(String value, int start, int end) {

  public Word {
    if (value == null) {
      throw new IllegalArgumentException("value is required");
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad offsets " + start + ".." + end);
    }
  }
}
