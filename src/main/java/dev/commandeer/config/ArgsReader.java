package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a command's {@code args:}: typed, named arguments in the order they are given. */
final class ArgsReader {

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  private final Problems problems;
  private final Map<String, String> pathByName = new HashMap<>();

  private ArgsReader(Problems problems) {
    this.problems = problems;
  }

  static List<ArgConfig> read(JsonNode node, String path, Problems problems) {
    ArgsReader reader = new ArgsReader(problems);
    List<JsonNode> items = Values.list(node, path, problems);
    List<ArgConfig> args = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Section s = Section.open(items.get(i), Problems.index(path, i), Schema.ARG, problems);
      ArgConfig arg = reader.arg(s);
      if (arg.rest() && i < items.size() - 1) {
        s.problem("rest", "only the last arg may take the rest of the text");
      }
      args.add(arg);
    }
    return args;
  }

  private ArgConfig arg(Section s) {
    String name = s.text("name").orElse("");
    if (!s.has("name")) {
      s.problem("name", "is required");
    } else if (!NAME.matcher(name).matches()) {
      s.problem(
          "name",
          "'"
              + name
              + "' is not a valid arg name: "
              + "use a-z, 0-9 and _, starting with a letter, at most 32 characters");
    } else if (pathByName.putIfAbsent(name, s.path()) != null) {
      s.problem("name", "'" + name + "' is already used by " + pathByName.get(name));
    }
    Pattern pattern = s.text("pattern").map(p -> compile(p, s)).orElse(null);
    List<String> choices = s.texts("choices");
    if (s.has("choices") && s.get("choices").isArray() && choices.isEmpty()) {
      s.problem("choices", "must not be empty");
    }
    String defaultValue = s.text("default").orElse(null);
    if (defaultValue != null) {
      checkDefault(s, defaultValue, pattern, choices);
    }
    boolean required = s.flag("required", defaultValue == null);
    if (required && defaultValue != null) {
      s.problem("required", "cannot be true when a default is given");
    }
    return new ArgConfig(
        name,
        s.text("description", null),
        pattern,
        choices,
        defaultValue,
        required,
        s.flag("rest", false));
  }

  private static Pattern compile(String regex, Section s) {
    if (regex.isEmpty()) {
      s.problem("pattern", "must not be empty");
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      s.problem(
          "pattern",
          "is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
      return null;
    }
  }

  private static void checkDefault(Section s, String value, Pattern pattern, List<String> choices) {
    if (pattern != null && !pattern.matcher(value).matches()) {
      s.problem("default", "'" + value + "' does not match the pattern " + pattern.pattern());
    } else if (!choices.isEmpty() && !choices.contains(value)) {
      s.problem(
          "default", "'" + value + "' is not one of the choices " + String.join(", ", choices));
    }
  }
}
