package dev.commandeer.command;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small pieces of Mattermost markdown for answers that quote what somebody typed. */
final class Markdown {

  private static final int SHOWN = 60;
  private static final Pattern BACKTICKS = Pattern.compile("`+");

  private Markdown() {}

  /** An inline code span that stays intact whatever backticks the text holds. */
  static String code(String text) {
    int longest = 0;
    Matcher m = BACKTICKS.matcher(text);
    while (m.find()) {
      longest = Math.max(longest, m.group().length());
    }
    if (longest == 0) {
      return "`" + text + "`";
    }
    String fence = "`".repeat(longest + 1);
    return fence + " " + text + " " + fence;
  }

  /** Something the user typed, on one line, shortened, as code; or "an empty value". */
  static String typed(String text) {
    if (text.isEmpty()) {
      return "an empty value";
    }
    String oneLine = text.replaceAll("\\s+", " ");
    if (oneLine.codePointCount(0, oneLine.length()) > SHOWN) {
      oneLine = oneLine.substring(0, oneLine.offsetByCodePoints(0, SHOWN)) + "…";
    }
    return code(oneLine);
  }

  /** {@code `a`}, {@code `a` or `b`}, {@code `a`, `b` or `c`}. */
  static String orList(List<String> items) {
    List<String> coded = items.stream().map(Markdown::code).toList();
    if (coded.size() == 1) {
      return coded.get(0);
    }
    return String.join(", ", coded.subList(0, coded.size() - 1))
        + " or "
        + coded.get(coded.size() - 1);
  }
}
