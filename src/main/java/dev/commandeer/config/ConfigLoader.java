package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the configuration: YAML file (or built-in defaults), then {@code COMMANDEER_*} environment
 * overrides, then {@code ${NAME}} references, then validation of everything, collecting every
 * problem rather than stopping at the first.
 *
 * <p>Reads files on the calling thread: call it at startup, before any event loop runs.
 */
public final class ConfigLoader {

  /** Read from the working directory when no file is named. */
  public static final String DEFAULT_FILE = "commandeer.yaml";

  private ConfigLoader() {}

  /** Reads the named YAML file; a missing or unreadable file is a problem. */
  public static ConfigResult load(Path file, Map<String, String> env) {
    Problems problems = new Problems();
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      problems.add("", "config file " + file + " does not exist");
      return ConfigResult.failed(problems);
    } catch (CharacterCodingException e) {
      problems.add("", "config file " + file + " is not UTF-8 text");
      return ConfigResult.failed(problems);
    } catch (IOException e) {
      problems.add("", "cannot read config file " + file + ": " + e.getMessage());
      return ConfigResult.failed(problems);
    }
    return parse(yaml, file.toString(), env, problems);
  }

  /**
   * The explicit file if given, else {@value #DEFAULT_FILE} in {@code workingDir} if it exists,
   * else the built-in defaults (with environment overrides still applied).
   */
  public static ConfigResult loadDefault(
      Optional<Path> explicit, Path workingDir, Map<String, String> env) {
    if (explicit.isPresent()) {
      return load(explicit.get(), env);
    }
    Path file = workingDir.resolve(DEFAULT_FILE);
    if (Files.exists(file)) {
      return load(file, env);
    }
    return build(JsonNodeFactory.instance.objectNode(), env, new Problems());
  }

  /** Reads YAML text, as {@code try} and tests do. */
  public static ConfigResult fromYaml(String yaml, Map<String, String> env) {
    return parse(yaml, null, env, new Problems());
  }

  private static ConfigResult parse(
      String yaml, String source, Map<String, String> env, Problems problems) {
    return YamlTree.parse(yaml, source, problems)
        .map(tree -> build(tree, env, problems))
        .orElseGet(() -> ConfigResult.failed(problems));
  }

  private static ConfigResult build(ObjectNode tree, Map<String, String> env, Problems problems) {
    if (Values.absent(tree.get("commands"))) {
      tree.set("commands", defaultCommands());
    }
    Set<JsonNode> fromEnvironment = EnvOverrides.apply(tree, env, problems);
    new Interpolator(env, fromEnvironment, problems).expandAll(tree, "");
    Config config = ConfigReader.read(tree, problems);
    return ConfigResult.of(config, problems);
  }

  private static ObjectNode defaultCommands() {
    ObjectNode commands = JsonNodeFactory.instance.objectNode();
    Builtins.DEFAULT_COMMANDS.forEach(
        (name, builtin) -> commands.putObject(name).put("builtin", builtin));
    return commands;
  }
}
