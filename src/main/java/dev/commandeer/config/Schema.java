package dev.commandeer.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The shape of the YAML file: which keys exist where, and which values are sections, lists or
 * mappings. Both the unknown-key check and the environment overrides are driven by it, so a new
 * setting is declared here once.
 */
final class Schema {

  sealed interface Shape permits Block, ListOf, MapOf, Value {}

  /** A fixed set of keys, in the order they are documented. */
  record Block(Map<String, Shape> fields) implements Shape {
    Block {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    Set<String> keys() {
      return fields.keySet();
    }

    Block with(String key, Shape shape) {
      Map<String, Shape> more = new LinkedHashMap<>(fields);
      more.put(key, shape);
      return new Block(more);
    }
  }

  record ListOf(Shape items) implements Shape {}

  /** Keys chosen by the user (command names, variable names); supplied lazily for recursion. */
  record MapOf(Supplier<Shape> values) implements Shape {}

  /** A single value, written as text in YAML or in an environment variable. */
  enum Value implements Shape {
    TEXT
  }

  static final ListOf TEXTS = new ListOf(Value.TEXT);

  static final Block SERVER =
      values("host", "port", "maxBodyBytes", "inlineBudget", "shutdownGrace");
  static final Block MATTERMOST = values("url", "botToken", "timeout");
  static final Block STORE = values("url", "poolSize", "connectTimeout", "keepHistory");
  static final Block TOKEN = values("name", "value").with("commands", TEXTS);
  static final Block ALLOW =
      values().with("users", TEXTS).with("channels", TEXTS).with("teams", TEXTS);
  static final Block ARG =
      values("name", "description", "pattern")
          .with("choices", TEXTS)
          .with("default", Value.TEXT)
          .with("required", Value.TEXT)
          .with("rest", Value.TEXT);
  static final Block COMMAND =
      values("description")
          .with("run", TEXTS)
          .with("builtin", Value.TEXT)
          .with("commands", new MapOf(() -> Schema.COMMAND))
          .with("args", new ListOf(ARG))
          .with("timeout", Value.TEXT)
          .with("reply", Value.TEXT)
          .with("concurrency", Value.TEXT)
          .with("allow", ALLOW)
          .with("env", new MapOf(() -> Value.TEXT))
          .with("cwd", Value.TEXT)
          .with("rate", Value.TEXT)
          .with("maxOutputBytes", Value.TEXT);
  static final Block LIMITS = values("perUser", "running", "queue");
  static final Block LOG = values("format", "level");
  static final Block ROOT =
      values()
          .with("server", SERVER)
          .with("mattermost", MATTERMOST)
          .with("store", STORE)
          .with("tokens", new ListOf(TOKEN))
          .with("commands", new MapOf(() -> COMMAND))
          .with("limits", LIMITS)
          .with("admins", TEXTS)
          .with("log", LOG);

  private Schema() {}

  private static Block values(String... keys) {
    Map<String, Shape> fields = new LinkedHashMap<>();
    for (String key : keys) {
      fields.put(key, Value.TEXT);
    }
    return new Block(fields);
  }
}
