package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns one value of the tree into a Java value, or reports at its path why it cannot. Every scalar
 * arrives as text (from YAML or from an environment variable), so numbers, flags and durations are
 * read from text here.
 */
final class Values {

  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");

  private Values() {}

  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  static Optional<String> text(JsonNode node, String path, Problems problems) {
    if (absent(node)) {
      problems.add(path, "must have a value");
      return Optional.empty();
    }
    if (!node.isValueNode()) {
      problems.add(
          path, "must be a single value, not " + (node.isArray() ? "a list" : "a mapping"));
      return Optional.empty();
    }
    return Optional.of(node.asText());
  }

  static Optional<Integer> integer(JsonNode node, String path, int min, int max, Problems p) {
    return text(node, path, p).flatMap(t -> integer(t.trim(), path, min, max, p));
  }

  private static Optional<Integer> integer(String t, String path, int min, int max, Problems p) {
    String range = "between " + min + " and " + max;
    if (!WHOLE_NUMBER.matcher(t).matches()) {
      p.add(path, "must be a whole number " + range + ", got '" + t + "'");
      return Optional.empty();
    }
    BigInteger n = new BigInteger(t);
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      p.add(path, "must be " + range + ", got " + n);
      return Optional.empty();
    }
    return Optional.of(n.intValue());
  }

  static Optional<Boolean> flag(JsonNode node, String path, Problems problems) {
    return text(node, path, problems)
        .flatMap(
            t -> {
              String v = t.trim().toLowerCase(Locale.ROOT);
              if (v.equals("true") || v.equals("false")) {
                return Optional.of(v.equals("true"));
              }
              problems.add(path, "must be true or false, got '" + t + "'");
              return Optional.empty();
            });
  }

  static Optional<Duration> duration(
      JsonNode node, String path, Duration min, Duration max, Problems problems) {
    return text(node, path, problems).flatMap(t -> duration(t, path, min, max, problems));
  }

  static Optional<Duration> duration(
      String text, String path, Duration min, Duration max, Problems problems) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(path, e.getMessage());
      return Optional.empty();
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problems.add(path, "must be between " + show(min) + " and " + show(max) + ", got " + text);
      return Optional.empty();
    }
    return Optional.of(d);
  }

  /** A rate such as {@code 5/1m}: 1..100000 runs per window of 1s..1d. */
  static Optional<Rate> rate(JsonNode node, String path, Problems problems) {
    return text(node, path, problems).flatMap(t -> rate(t.trim(), path, problems));
  }

  private static Optional<Rate> rate(String t, String path, Problems problems) {
    int slash = t.indexOf('/');
    if (slash < 1 || !WHOLE_NUMBER.matcher(t.substring(0, slash)).matches()) {
      problems.add(path, "'" + t + "' is not a rate (write e.g. 5/1m: at most 5 runs a minute)");
      return Optional.empty();
    }
    Optional<Integer> count = integer(t.substring(0, slash), path, 1, 100_000, problems);
    Optional<Duration> window =
        duration(t.substring(slash + 1), path, Duration.ofSeconds(1), Rate.MAX_WINDOW, problems);
    return count.flatMap(c -> window.map(w -> new Rate(c, w)));
  }

  /** One of {@code allowed}, compared ignoring case; answers the allowed spelling. */
  static Optional<String> oneOf(
      JsonNode node, String path, List<String> allowed, Problems problems) {
    return text(node, path, problems)
        .flatMap(
            t -> {
              Optional<String> match =
                  allowed.stream().filter(a -> a.equalsIgnoreCase(t.trim())).findFirst();
              if (match.isEmpty()) {
                problems.add(
                    path,
                    "must be one of "
                        + String.join(", ", allowed)
                        + ", got '"
                        + t
                        + "'"
                        + didYouMean(t, allowed));
              }
              return match;
            });
  }

  static Optional<List<String>> texts(JsonNode node, String path, Problems problems) {
    if (!node.isArray()) {
      problems.add(path, "must be a list such as [a, b]");
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      text(node.get(i), Problems.index(path, i), problems).ifPresent(out::add);
    }
    return out.size() == node.size() ? Optional.of(out) : Optional.empty();
  }

  /** The entries of a list; empty when absent or not a list (the latter reported). */
  static List<JsonNode> list(JsonNode node, String path, Problems problems) {
    if (absent(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(path, "must be a list");
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    node.elements().forEachRemaining(out::add);
    return out;
  }

  /** The entries of a mapping in file order; empty when absent or not a mapping. */
  static Map<String, JsonNode> mapping(JsonNode node, String path, Problems problems) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (absent(node)) {
      return out;
    }
    if (!node.isObject()) {
      problems.add(path, "must be a mapping of names to values");
      return out;
    }
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** {@code " (did you mean `x`?)"}, or nothing when no candidate is close. */
  static String didYouMean(String wrong, Collection<String> candidates) {
    List<String> close = Suggestions.closest(wrong.trim(), candidates);
    if (close.isEmpty()) {
      return "";
    }
    return close.stream()
        .map(c -> "`" + c + "`")
        .collect(Collectors.joining(" or ", " (did you mean ", "?)"));
  }

  private static String show(Duration d) {
    return Durations.format(d);
  }
}
