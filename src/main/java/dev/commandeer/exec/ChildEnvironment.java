package dev.commandeer.exec;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the whole environment of a program from scratch; nothing of the service's own environment
 * (tokens, database passwords) is passed on except {@code PATH} and {@code LANG}.
 *
 * <p>A run sees {@code PATH} and {@code LANG}, the command's {@code env:}, the context variables
 * {@code MM_USER_NAME}, {@code MM_USER_ID}, {@code MM_CHANNEL_NAME}, {@code MM_CHANNEL_ID}, {@code
 * MM_TEAM_DOMAIN}, {@code MM_POST_ID}, {@code MM_ROOT_ID}, {@code MM_COMMAND}, {@code
 * COMMANDEER_RUN_ID}, and {@code ARG_<NAME>} for each argument. The command's {@code env:} may
 * override {@code PATH} and {@code LANG} but not the context: what a program reads about its caller
 * is always true.
 */
public final class ChildEnvironment {

  public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
  public static final String DEFAULT_LANG = "C.UTF-8";

  private final String path;
  private final String lang;

  /**
   * @param serviceEnvironment the service's environment ({@code System.getenv()} in production);
   *     only {@code PATH} and {@code LANG} are read from it
   */
  public ChildEnvironment(Map<String, String> serviceEnvironment) {
    this.path = nonEmptyOr(serviceEnvironment.get("PATH"), DEFAULT_PATH);
    this.lang = nonEmptyOr(serviceEnvironment.get("LANG"), DEFAULT_LANG);
  }

  /**
   * The environment for one run.
   *
   * @param caller what the program is told about its caller ({@code MM_USER_NAME} and the rest)
   * @param commandText the resolved command as displayed to users ({@code deploy api staging})
   * @param commandEnv the command's {@code env:} with references already resolved
   * @param args every declared argument by name; a missing value becomes ""
   */
  public Map<String, String> forRun(
      String runId,
      Map<String, String> caller,
      String commandText,
      Map<String, String> commandEnv,
      Map<String, String> args) {
    Map<String, String> env = new TreeMap<>();
    env.put("PATH", path);
    env.put("LANG", lang);
    env.putAll(commandEnv);
    args.forEach((name, value) -> env.put(argVariable(name), value == null ? "" : value));
    env.putAll(caller);
    env.put("MM_COMMAND", commandText == null ? "" : commandText);
    env.put("COMMANDEER_RUN_ID", runId);
    return Map.copyOf(env);
  }

  /** {@code ARG_} and the name in upper case, anything but letters and digits as {@code _}. */
  public static String argVariable(String argName) {
    return "ARG_" + argName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }

  private static String nonEmptyOr(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
