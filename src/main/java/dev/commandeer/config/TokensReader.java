package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code tokens:}. A token's value is a secret: messages refer to it by path and name only.
 */
final class TokensReader {

  static final int MIN_VALUE_LENGTH = 8;

  private final Problems problems;
  private final Set<String> commandNames;
  private final Map<String, String> pathByName = new HashMap<>();
  private final Map<String, String> nameByValue = new HashMap<>();

  private TokensReader(Problems problems, Set<String> commandNames) {
    this.problems = problems;
    this.commandNames = commandNames;
  }

  /**
   * @param commandNames the names a token may be restricted to
   */
  static List<TokenConfig> read(
      JsonNode node, String path, Set<String> commandNames, Problems problems) {
    TokensReader reader = new TokensReader(problems, commandNames);
    List<TokenConfig> tokens = new ArrayList<>();
    List<JsonNode> items = Values.list(node, path, problems);
    for (int i = 0; i < items.size(); i++) {
      tokens.add(
          reader.token(
              Section.open(items.get(i), Problems.index(path, i), Schema.TOKEN, problems)));
    }
    return tokens;
  }

  private TokenConfig token(Section s) {
    String name = s.text("name").orElse("");
    if (!s.has("name") || name.isBlank()) {
      s.problem("name", "is required: it names the token in logs instead of its value");
    } else if (pathByName.putIfAbsent(name, s.path()) != null) {
      s.problem("name", "'" + name + "' is already used by " + pathByName.get(name));
    }
    String value = s.text("value").orElse("");
    if (!s.has("value") || value.isBlank()) {
      s.problem("value", "is required and must not be blank");
    } else if (value.length() < MIN_VALUE_LENGTH) {
      s.problem("value", "is too short: use at least " + MIN_VALUE_LENGTH + " characters");
    } else if (nameByValue.putIfAbsent(value, label(s, name)) != null) {
      s.problem(
          "value",
          "is the same as the value of " + nameByValue.get(value) + "; each token needs its own");
    }
    List<String> commands = s.texts("commands");
    for (int i = 0; i < commands.size(); i++) {
      String command = commands.get(i);
      if (!commandNames.contains(command)) {
        problems.add(
            Problems.index(s.at("commands"), i),
            "no command `"
                + command
                + "` is configured"
                + Values.didYouMean(command, commandNames));
      }
    }
    return new TokenConfig(name, value, commands);
  }

  private static String label(Section s, String name) {
    return name.isBlank() ? s.path() : s.path() + " (" + name + ")";
  }
}
