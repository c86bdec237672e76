package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Carries one {@code COMMANDEER_*} variable down the tree along {@link Schema}, creating sections
 * and list entries on the way, and writes its value where the words lead.
 */
final class OverrideWalk {

  private static final Pattern ENTRY_NUMBER = Pattern.compile("\\d{1,6}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String variable;
  private final String value;
  private final Set<JsonNode> written;
  private final Problems problems;

  /**
   * @param written collects the values written, by identity
   */
  OverrideWalk(String variable, String value, Set<JsonNode> written, Problems problems) {
    this.variable = variable;
    this.value = value;
    this.written = written;
    this.problems = problems;
  }

  /** A place in the tree, as a config path and as the variable that names it. */
  private record Where(String path, String variable) {
    Where key(String key) {
      return new Where(Problems.child(path, key), variable + "_" + snake(key));
    }

    Where entry(String key) {
      return new Where(Problems.child(path, key), variable + "_" + upper(key));
    }

    Where index(int i) {
      return new Where(Problems.index(path, i), variable + "_" + i);
    }
  }

  /** Where a value goes: a key of a mapping or an entry of a list (one past the end appends). */
  private interface Slot {
    JsonNode get();

    void set(JsonNode node);

    static Slot of(ObjectNode node, String key) {
      return new Slot() {
        public JsonNode get() {
          return node.get(key);
        }

        public void set(JsonNode value) {
          node.set(key, value);
        }
      };
    }

    static Slot of(ArrayNode node, int i) {
      return new Slot() {
        public JsonNode get() {
          return i < node.size() ? node.get(i) : null;
        }

        public void set(JsonNode value) {
          if (i < node.size()) {
            node.set(i, value);
          } else {
            node.add(value);
          }
        }
      };
    }
  }

  void walk(ObjectNode root, List<String> words) {
    block(root, Schema.ROOT, words, new Where("", "COMMANDEER"));
  }

  private void place(Slot slot, Schema.Shape shape, List<String> words, Where where) {
    if (shape instanceof Schema.Block block) {
      ObjectNode node = container(slot, true, where);
      if (node != null) {
        block(node, block, words, where);
      }
    } else if (shape instanceof Schema.ListOf list) {
      list(slot, list, words, where);
    } else if (shape instanceof Schema.MapOf map) {
      map(slot, map, words, where);
    } else if (words.isEmpty()) {
      slot.set(text(value));
    } else {
      fail("`" + where.path() + "` is a single value; nothing is below it");
    }
  }

  private void block(ObjectNode node, Schema.Block block, List<String> words, Where where) {
    if (words.isEmpty()) {
      String example = where.key(block.keys().iterator().next()).variable();
      fail("`" + where.path() + "` is a section; set one of its keys, e.g. " + example);
      return;
    }
    for (int n = words.size(); n >= 1; n--) {
      String joined = String.join("", words.subList(0, n));
      for (String key : block.keys()) {
        if (key.equalsIgnoreCase(joined)) {
          List<String> rest = words.subList(n, words.size());
          place(Slot.of(node, key), block.fields().get(key), rest, where.key(key));
          return;
        }
      }
    }
    String wrong = String.join("_", words).toLowerCase(Locale.ROOT);
    fail(
        "no setting `"
            + Problems.child(where.path(), wrong)
            + "`"
            + suggestion(block, words, where));
  }

  private String suggestion(Schema.Block block, List<String> words, Where where) {
    for (int n = words.size(); n >= 1; n--) {
      String joined = String.join("", words.subList(0, n)).toLowerCase(Locale.ROOT);
      List<String> close = Suggestions.closest(joined, block.keys());
      if (!close.isEmpty()) {
        return " (did you mean " + where.key(close.get(0)).variable() + "?)";
      }
    }
    return "";
  }

  private void list(Slot slot, Schema.ListOf list, List<String> words, Where where) {
    if (words.isEmpty()) {
      if (list.items() == Schema.Value.TEXT) {
        slot.set(commaSeparated(value));
      } else {
        fail(
            "`"
                + where.path()
                + "` is a list of entries; set a key of one entry, as in "
                + where.index(0).variable()
                + "_NAME");
      }
      return;
    }
    ArrayNode node = container(slot, false, where);
    if (node == null) {
      return;
    }
    if (!ENTRY_NUMBER.matcher(words.get(0)).matches()) {
      fail(
          "expected an entry number after "
              + where.variable()
              + ", as in "
              + where.index(0).variable());
      return;
    }
    int i = Integer.parseInt(words.get(0));
    if (i > node.size()) {
      fail(
          "`"
              + where.path()
              + "` has "
              + node.size()
              + " entries; number new ones from "
              + node.size()
              + " without gaps");
      return;
    }
    place(Slot.of(node, i), list.items(), words.subList(1, words.size()), where.index(i));
  }

  private void map(Slot slot, Schema.MapOf map, List<String> words, Where where) {
    if (words.isEmpty()) {
      fail(
          "`" + where.path() + "` is a mapping; name one of its entries after " + where.variable());
      return;
    }
    ObjectNode node = container(slot, true, where);
    if (node == null) {
      return;
    }
    Schema.Shape values = map.values().get();
    if (values == Schema.Value.TEXT) {
      String wanted = String.join("_", words);
      String key = existingKey(node, wanted).orElse(wanted);
      place(Slot.of(node, key), values, List.of(), where.entry(key));
      return;
    }
    for (int n = words.size(); n >= 1; n--) {
      Optional<String> key = existingKey(node, String.join("_", words.subList(0, n)));
      if (key.isPresent()) {
        List<String> rest = words.subList(n, words.size());
        place(Slot.of(node, key.get()), values, rest, where.entry(key.get()));
        return;
      }
    }
    String wrong = words.get(0).toLowerCase(Locale.ROOT);
    List<String> keys = fieldNames(node);
    fail("no entry `" + Problems.child(where.path(), wrong) + "`" + Values.didYouMean(wrong, keys));
  }

  private Optional<String> existingKey(ObjectNode node, String words) {
    return fieldNames(node).stream().filter(k -> upper(k).equalsIgnoreCase(words)).findFirst();
  }

  @SuppressWarnings("unchecked")
  private <T extends JsonNode> T container(Slot slot, boolean mapping, Where where) {
    JsonNode existing = slot.get();
    if (Values.absent(existing)) {
      JsonNode created = mapping ? NODES.objectNode() : NODES.arrayNode();
      slot.set(created);
      return (T) created;
    }
    if (mapping ? existing.isObject() : existing.isArray()) {
      return (T) existing;
    }
    fail(
        "cannot apply: `"
            + where.path()
            + "` in the file is not a "
            + (mapping ? "mapping" : "list"));
    return null;
  }

  private void fail(String message) {
    problems.add(variable, message);
  }

  private TextNode text(String text) {
    TextNode node = new TextNode(text);
    written.add(node);
    return node;
  }

  private ArrayNode commaSeparated(String text) {
    ArrayNode list = NODES.arrayNode();
    Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .forEach(v -> list.add(text(v)));
    return list;
  }

  private static List<String> fieldNames(ObjectNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  static String upper(String key) {
    return key.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
