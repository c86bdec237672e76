package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in every text value of the tree; <code>$${
 * </code> writes a literal <code>${</code>. Messages name variables and paths, never the text
 * around them, which may be a secret.
 */
final class Interpolator {

  private final Map<String, String> env;
  private final Set<JsonNode> literal;
  private final Problems problems;

  /**
   * @param literal values to leave as they are (those set by environment overrides), by identity
   */
  Interpolator(Map<String, String> env, Set<JsonNode> literal, Problems problems) {
    this.env = env;
    this.literal = literal;
    this.problems = problems;
  }

  void expandAll(JsonNode node, String path) {
    if (node instanceof ObjectNode object) {
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        object.set(key, expanded(object.get(key), Problems.child(path, key)));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, expanded(array.get(i), Problems.index(path, i)));
      }
    }
  }

  private JsonNode expanded(JsonNode node, String path) {
    if (node.isTextual() && !literal.contains(node)) {
      return new TextNode(expand(node.asText(), path));
    }
    expandAll(node, path);
    return node;
  }

  /** The text with references replaced; the text unchanged when a reference is malformed. */
  String expand(String text, String path) {
    if (!text.contains("$")) {
      return text;
    }
    Expansion expansion = new Expansion(text);
    try {
      String result = expansion.until(false);
      if (!expansion.unset.isEmpty()) {
        problems.add(path, unsetMessage(expansion.unset));
      }
      return result;
    } catch (IllegalArgumentException e) {
      problems.add(path, e.getMessage());
      return text;
    }
  }

  private static String unsetMessage(List<String> names) {
    return names.size() == 1
        ? "environment variable " + names.get(0) + " is not set"
        : "environment variables " + String.join(", ", names) + " are not set";
  }

  /** One pass over one text; defaults may themselves contain references. */
  private final class Expansion {
    private final String text;
    private final List<String> unset = new ArrayList<>();
    private int pos;

    Expansion(String text) {
      this.text = text;
    }

    String until(boolean insideDefault) {
      StringBuilder out = new StringBuilder();
      while (pos < text.length()) {
        if (insideDefault && text.charAt(pos) == '}') {
          return out.toString();
        } else if (text.startsWith("$${", pos)) {
          out.append("${");
          pos += 3;
        } else if (text.startsWith("${", pos)) {
          pos += 2;
          out.append(reference());
        } else {
          out.append(text.charAt(pos++));
        }
      }
      if (insideDefault) {
        throw unclosed();
      }
      return out.toString();
    }

    private String reference() {
      int start = pos;
      while (pos < text.length() && isNameChar(text.charAt(pos))) {
        pos++;
      }
      String name = text.substring(start, pos);
      if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
        throw new IllegalArgumentException(
            "`${` must be followed by a variable name, as in ${MM_BOT_TOKEN}"
                + " (write `$${` for a literal `${`)");
      }
      String fallback = null;
      if (text.startsWith(":-", pos)) {
        pos += 2;
        fallback = until(true);
      }
      if (pos >= text.length()) {
        throw unclosed();
      }
      if (text.charAt(pos) != '}') {
        throw new IllegalArgumentException(
            "${" + name + " must be closed by `}`; write ${NAME} or ${NAME:-default}");
      }
      pos++;
      return resolve(name, fallback);
    }

    private String resolve(String name, String fallback) {
      String value = env.get(name);
      if (fallback != null) {
        return value == null || value.isEmpty() ? fallback : value;
      }
      if (value == null) {
        if (!unset.contains(name)) {
          unset.add(name);
        }
        return "";
      }
      return value;
    }

    private IllegalArgumentException unclosed() {
      return new IllegalArgumentException("unclosed `${` (write `$${` for a literal `${`)");
    }
  }

  private static boolean isNameChar(char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
