package dev.commandeer.exec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code run:} argv template such as {@code [/opt/ops/deploy.sh, "{service}", "--env={env}"]}.
 *
 * <p>Each {@code {name}} placeholder is replaced inside its own argv element, so a value can never
 * split an element or join two: {@code ; rm -rf /}, {@code $(id)}, backticks, newlines and {@code
 * --flags} in a value reach the program as plain characters in the slot the template gave them.
 * {@code {{} and {@code }}} write literal braces. A placeholder without a value becomes the empty
 * string, and an element that was a lone placeholder stays an (empty) element. The program itself,
 * element 0, may not contain placeholders: callers choose arguments, never the program.
 */
public final class ArgvTemplate {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private record Segment(String text, boolean placeholder) {}

  private final List<List<Segment>> elements;
  private final Set<String> placeholders;

  private ArgvTemplate(List<List<Segment>> elements, Set<String> placeholders) {
    this.elements = elements;
    this.placeholders = placeholders;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the element ({@code run[2]: ...}) when the template is
   *     empty, a brace is unbalanced, a placeholder name is not a name, or the program contains a
   *     placeholder
   */
  public static ArgvTemplate parse(List<String> template) {
    if (template == null || template.isEmpty()) {
      throw new IllegalArgumentException("run: must name a program");
    }
    List<List<Segment>> elements = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < template.size(); i++) {
      List<Segment> segments = parseElement(template.get(i), "run[" + i + "]");
      segments.stream().filter(Segment::placeholder).forEach(s -> names.add(s.text()));
      elements.add(List.copyOf(segments));
    }
    if (elements.get(0).isEmpty() || elements.get(0).stream().anyMatch(Segment::placeholder)) {
      throw new IllegalArgumentException(
          "run[0]: the program must be a fixed path or name, without placeholders");
    }
    return new ArgvTemplate(List.copyOf(elements), Set.copyOf(names));
  }

  /** The names of all placeholders, for checking them against the declared arguments. */
  public Set<String> placeholders() {
    return placeholders;
  }

  /** The argv with every placeholder replaced by its value ("" when the map has none). */
  public List<String> expand(Map<String, String> values) {
    List<String> argv = new ArrayList<>(elements.size());
    for (List<Segment> element : elements) {
      StringBuilder sb = new StringBuilder();
      for (Segment segment : element) {
        sb.append(segment.placeholder() ? valueOf(values, segment.text()) : segment.text());
      }
      argv.add(sb.toString());
    }
    return List.copyOf(argv);
  }

  private static String valueOf(Map<String, String> values, String name) {
    String value = values.get(name);
    return value == null ? "" : value;
  }

  private static List<Segment> parseElement(String element, String where) {
    if (element == null) {
      throw new IllegalArgumentException(where + ": must be a string");
    }
    List<Segment> segments = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < element.length()) {
      char c = element.charAt(i);
      if ((c == '{' || c == '}') && i + 1 < element.length() && element.charAt(i + 1) == c) {
        literal.append(c);
        i += 2;
      } else if (c == '{') {
        int close = element.indexOf('}', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException(
              where + ": unclosed '{' in \"" + element + "\" (write {{ for a literal brace)");
        }
        String name = element.substring(i + 1, close);
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              where + ": \"{" + name + "}\" is not a placeholder (write {{ for a literal brace)");
        }
        flush(literal, segments);
        segments.add(new Segment(name, true));
        i = close + 1;
      } else if (c == '}') {
        throw new IllegalArgumentException(
            where + ": lone '}' in \"" + element + "\" (write }} for a literal brace)");
      } else {
        literal.append(c);
        i++;
      }
    }
    flush(literal, segments);
    return segments;
  }

  private static void flush(StringBuilder literal, List<Segment> segments) {
    if (literal.length() > 0) {
      segments.add(new Segment(literal.toString(), false));
      literal.setLength(0);
    }
  }

  @Override
  public String toString() {
    return "ArgvTemplate" + elements;
  }
}
