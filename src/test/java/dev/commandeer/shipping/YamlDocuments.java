package dev.commandeer.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Parses YAML, including multi-document streams such as {@code kubectl kustomize} output. */
final class YamlDocuments {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private YamlDocuments() {}

  static List<JsonNode> parseAll(String text) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
      return docs.readAll().stream().filter(doc -> doc != null && !doc.isNull()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
