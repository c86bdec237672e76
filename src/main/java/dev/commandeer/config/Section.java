package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One mapping of the file with fixed keys (such as {@code server:} or one command), read key by key
 * with a fallback for each absent key. Unknown keys are reported when the section is opened.
 */
final class Section {

  private final JsonNode node;
  private final String path;
  private final Problems problems;
  private final boolean malformed;

  private Section(JsonNode node, String path, Problems problems, boolean malformed) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.malformed = malformed;
  }

  static Section open(JsonNode node, String path, Schema.Block block, Problems problems) {
    if (Values.absent(node)) {
      return new Section(JsonNodeFactory.instance.objectNode(), path, problems, false);
    }
    if (!node.isObject()) {
      problems.add(path, "must be a mapping with keys such as " + keysOf(block));
      return new Section(JsonNodeFactory.instance.objectNode(), path, problems, true);
    }
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!block.keys().contains(key)) {
                problems.add(Problems.child(path, key), unknownKey(key, block));
              }
            });
    return new Section(node, path, problems, false);
  }

  private static String unknownKey(String key, Schema.Block block) {
    String hint = Values.didYouMean(key, block.keys());
    return hint.isEmpty() ? "unknown key; expected one of " + keysOf(block) : "unknown key" + hint;
  }

  private static String keysOf(Schema.Block block) {
    return String.join(", ", block.keys());
  }

  String path() {
    return path;
  }

  String at(String key) {
    return Problems.child(path, key);
  }

  boolean has(String key) {
    return !Values.absent(node.get(key));
  }

  JsonNode get(String key) {
    return node.get(key);
  }

  Optional<String> text(String key) {
    return has(key) ? Values.text(get(key), at(key), problems) : Optional.empty();
  }

  String text(String key, String fallback) {
    return text(key).orElse(fallback);
  }

  int integer(String key, int fallback, int min, int max) {
    return has(key)
        ? Values.integer(get(key), at(key), min, max, problems).orElse(fallback)
        : fallback;
  }

  boolean flag(String key, boolean fallback) {
    return has(key) ? Values.flag(get(key), at(key), problems).orElse(fallback) : fallback;
  }

  Duration duration(String key, Duration fallback, Duration min, Duration max) {
    return has(key)
        ? Values.duration(get(key), at(key), min, max, problems).orElse(fallback)
        : fallback;
  }

  /** A rate, {@code none} for no limit (null), or the fallback when absent. */
  Rate rate(String key, Rate fallback) {
    if (!has(key)) {
      return fallback;
    }
    if (get(key).isValueNode() && get(key).asText().trim().equalsIgnoreCase("none")) {
      return null;
    }
    return Values.rate(get(key), at(key), problems).orElse(fallback);
  }

  String oneOf(String key, String fallback, List<String> allowed) {
    return has(key)
        ? Values.oneOf(get(key), at(key), allowed, problems).orElse(fallback)
        : fallback;
  }

  List<String> texts(String key) {
    return has(key) ? Values.texts(get(key), at(key), problems).orElse(List.of()) : List.of();
  }

  Section section(String key, Schema.Block block) {
    return open(get(key), at(key), block, problems);
  }

  /** Reports a problem with a key; quiet when the section itself is not a mapping. */
  void problem(String key, String message) {
    if (!malformed) {
      problems.add(at(key), message);
    }
  }
}
