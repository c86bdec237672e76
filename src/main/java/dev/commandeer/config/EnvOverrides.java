package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies {@code COMMANDEER_<PATH>} environment variables to the tree before it is read, so they
 * win over the file and pass the same validation. The path is the setting's keys in upper case
 * joined by {@code _}; a camelCase key may be split ({@code MAX_BODY_BYTES}) or not ({@code
 * MAXBODYBYTES}), map keys match ignoring case with {@code -} written {@code _}, list entries are
 * numbered, and a list of text values may be given whole, comma-separated.
 */
final class EnvOverrides {

  static final String PREFIX = "COMMANDEER_";

  /**
   * Variables with the prefix that are not settings: the file name for the command line, and what
   * Kubernetes adds to every pod for a Service named {@code commandeer}.
   */
  private static final Pattern NOT_SETTINGS =
      Pattern.compile(
          "COMMANDEER_(CONFIG|SERVICE_HOST|SERVICE_PORT(_\\w+)?"
              + "|PORT(_\\d+_(TCP|UDP|SCTP)(_\\w+)?)?)");

  private static final Pattern ENTRY_NUMBER = Pattern.compile("\\d{1,6}");

  private final Problems problems;
  private final Set<JsonNode> written = Collections.newSetFromMap(new IdentityHashMap<>());

  private EnvOverrides(Problems problems) {
    this.problems = problems;
  }

  /**
   * Applies every override, entries of a list in ascending order.
   *
   * @return the values written, by identity, so that they are not expanded again
   */
  static Set<JsonNode> apply(ObjectNode root, Map<String, String> env, Problems problems) {
    EnvOverrides overrides = new EnvOverrides(problems);
    env.keySet().stream()
        .filter(name -> name.startsWith(PREFIX) && !NOT_SETTINGS.matcher(name).matches())
        .sorted(EnvOverrides::compareNames)
        .forEach(name -> overrides.apply(root, name, env.get(name)));
    return overrides.written;
  }

  private void apply(ObjectNode root, String variable, String value) {
    List<String> words = Arrays.asList(variable.substring(PREFIX.length()).split("_", -1));
    if (words.contains("")) {
      problems.add(
          variable,
          "is not a setting: separate words with single underscores, as in COMMANDEER_SERVER_PORT");
      return;
    }
    new OverrideWalk(variable, value, written, problems).walk(root, words);
  }

  /** Orders names word by word, numbers by value, so that entry 2 comes before entry 10. */
  static int compareNames(String a, String b) {
    String[] x = a.split("_", -1);
    String[] y = b.split("_", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = compareWords(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private static int compareWords(String x, String y) {
    boolean numbers = ENTRY_NUMBER.matcher(x).matches() && ENTRY_NUMBER.matcher(y).matches();
    return numbers ? Integer.compare(Integer.parseInt(x), Integer.parseInt(y)) : x.compareTo(y);
  }
}
