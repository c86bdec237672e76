package dev.commandeer.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-in commands a config may name, and the catalogue used when it names none. */
public final class Builtins {

  /** Always present, never declared: a command may not be called this. */
  public static final String HELP = "help";

  /** Valid values of a command's {@code builtin:} key. */
  public static final List<String> NAMES = List.of("echo", "todo", "history", "status", "cancel");

  /**
   * The commands of a config without a {@code commands:} section: command name to the built-in it
   * runs. ({@code commands: {}} means no commands besides help.)
   */
  public static final Map<String, String> DEFAULT_COMMANDS =
      ordered(
          "echo", "echo", "todo", "todo", "history", "history", "status", "status", "cancel",
          "cancel");

  private Builtins() {}

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
