package dev.commandeer.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a tree whose scalars keep the text exactly as written: {@code 0755}, {@code
 * 1.10} and {@code yes} stay text until a reader decides what they mean. Keys set twice and aliases
 * are problems rather than silent surprises.
 *
 * <p>Messages never quote the document: a syntax error near a token would otherwise print it.
 */
final class YamlTree {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final YAMLParser parser;
  private final Problems problems;

  private YamlTree(YAMLParser parser, Problems problems) {
    this.parser = parser;
    this.problems = problems;
  }

  /** The document's top-level mapping, or empty when the text is not valid YAML. */
  static Optional<ObjectNode> parse(String yaml, String source, Problems problems) {
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      return new YamlTree(parser, problems).document();
    } catch (JacksonException e) {
      problems.add("", syntaxMessage(e, source));
      return Optional.empty();
    } catch (IOException e) {
      problems.add("", "cannot read " + source + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<ObjectNode> document() throws IOException {
    JsonToken first = parser.nextToken();
    JsonNode root = first == null ? NullNode.instance : value(first, "");
    if (parser.nextToken() != null) {
      problems.add("", "only one YAML document is allowed; remove the extra `---`");
    }
    if (root.isNull()) {
      return Optional.of(NODES.objectNode());
    }
    if (!root.isObject()) {
      problems.add("", "the file must be a mapping of settings such as `server:` and `commands:`");
      return Optional.empty();
    }
    return Optional.of((ObjectNode) root);
  }

  private JsonNode value(JsonToken token, String path) throws IOException {
    if (token == JsonToken.START_OBJECT) {
      return mapping(path);
    }
    if (token == JsonToken.START_ARRAY) {
      return sequence(path);
    }
    if (parser.isCurrentAlias()) {
      problems.add(path, "aliases (`*name`) are not supported; write the value out");
    }
    return token == JsonToken.VALUE_NULL ? NullNode.instance : new TextNode(parser.getText());
  }

  private ObjectNode mapping(String path) throws IOException {
    ObjectNode node = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int line = parser.currentLocation().getLineNr();
      String at = Problems.child(path, key);
      JsonNode value = value(parser.nextToken(), at);
      if (node.has(key)) {
        problems.add(at, "is set twice (again on line " + line + "); keep one");
      } else {
        node.set(key, value);
      }
    }
    return node;
  }

  private ArrayNode sequence(String path) throws IOException {
    ArrayNode node = NODES.arrayNode();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
      node.add(value(token, Problems.index(path, node.size())));
    }
    return node;
  }

  private static String syntaxMessage(JacksonException e, String source) {
    String where = source == null ? "invalid YAML" : "invalid YAML in " + source;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        String context =
            marked.getContext() == null || marked.getContextMark() == null
                ? ""
                : " ("
                    + marked.getContext()
                    + " that starts at "
                    + at(marked.getContextMark())
                    + ")";
        return where + " at " + at(marked.getProblemMark()) + ": " + marked.getProblem() + context;
      }
    }
    JsonLocation location = e.getLocation();
    String firstLine = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
    return location == null
        ? where + ": " + firstLine
        : where
            + " at line "
            + location.getLineNr()
            + ", column "
            + location.getColumnNr()
            + ": "
            + firstLine;
  }

  private static String at(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }
}
