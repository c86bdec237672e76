package dev.commandeer.config;

import java.util.List;
import java.util.Set;

/**
 * Checks a {@code run:} argv template: the program is fixed (an absolute path or a bare name found
 * on PATH), no element is empty, and every {@code {name}} placeholder names a declared argument.
 * {@code {{} and {@code }}} write literal braces.
 */
final class RunTemplate {

  private RunTemplate() {}

  static void check(List<String> run, Set<String> argNames, String path, Problems problems) {
    if (run.isEmpty()) {
      problems.add(
          path,
          "must not be empty: give the program and its arguments,"
              + " e.g. [/opt/ops/deploy.sh, \"{service}\"]");
      return;
    }
    for (int i = 0; i < run.size(); i++) {
      String at = Problems.index(path, i);
      if (run.get(i).isEmpty()) {
        problems.add(at, "must not be empty");
      } else {
        placeholders(run.get(i), argNames, at, problems);
      }
    }
    String program = run.get(0);
    if (program.contains("{")) {
      problems.add(
          Problems.index(path, 0), "the program must be fixed, not taken from an argument");
    } else if (program.contains("/") && !program.startsWith("/")) {
      problems.add(
          Problems.index(path, 0),
          "must be an absolute path or a bare program name found on PATH, got '" + program + "'");
    }
  }

  private static void placeholders(
      String element, Set<String> argNames, String at, Problems problems) {
    int i = 0;
    while (i < element.length()) {
      char c = element.charAt(i);
      if ((c == '{' || c == '}') && i + 1 < element.length() && element.charAt(i + 1) == c) {
        i += 2;
      } else if (c == '}') {
        problems.add(at, "lone `}` (write `}}` for a literal brace)");
        return;
      } else if (c == '{') {
        int end = element.indexOf('}', i);
        if (end < 0) {
          problems.add(at, "unclosed `{` (write `{{` for a literal brace)");
          return;
        }
        String name = element.substring(i + 1, end);
        if (!argNames.contains(name)) {
          problems.add(at, unknownArg(name, argNames));
          return;
        }
        i = end + 1;
      } else {
        i++;
      }
    }
  }

  private static String unknownArg(String name, Set<String> argNames) {
    List<String> close = Suggestions.closest(name, argNames);
    if (!close.isEmpty()) {
      return "`{" + name + "}` names no declared arg (did you mean `{" + close.get(0) + "}`?)";
    }
    String declared =
        argNames.isEmpty() ? "no args are declared" : "declared: " + String.join(", ", argNames);
    return "`{" + name + "}` names no declared arg (" + declared + ")";
  }
}
