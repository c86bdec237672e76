package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a command's {@code env:}: extra variables for its program. They may not replace what the
 * service itself sets: PATH, LANG, and the context variables MM_* and ARG_*.
 */
final class CommandEnv {

  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Set<String> RESERVED = Set.of("PATH", "LANG");
  static final Set<String> RESERVED_PREFIXES = Set.of("MM_", "ARG_");

  private CommandEnv() {}

  static Map<String, String> read(JsonNode node, String path, Problems problems) {
    Map<String, String> env = new LinkedHashMap<>();
    Values.mapping(node, path, problems)
        .forEach(
            (name, value) -> {
              String at = Problems.child(path, name);
              if (!NAME.matcher(name).matches()) {
                problems.add(
                    at,
                    "'"
                        + name
                        + "' is not a variable name: "
                        + "use letters, digits and _, not starting with a digit");
              } else if (RESERVED.contains(name)) {
                problems.add(at, name + " is set by the service and cannot be replaced");
              } else if (RESERVED_PREFIXES.stream().anyMatch(name::startsWith)) {
                problems.add(
                    at, "names starting with MM_ or ARG_ are reserved for the command's context");
              } else {
                Values.text(value, at, problems).ifPresent(v -> env.put(name, v));
              }
            });
    return env;
  }
}
