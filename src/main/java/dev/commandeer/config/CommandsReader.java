package dev.commandeer.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code commands:}: each command runs a program ({@code run}), a built-in ({@code builtin})
 * or is a group of sub-commands ({@code commands}, nested at most {@value #MAX_DEPTH} deep).
 */
final class CommandsReader {

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  static final String NAME_RULE =
      "use a-z, 0-9, - and _, starting with a letter or digit, at most 32 characters";
  static final int MAX_DEPTH = 3;
  static final List<String> REPLY_MODES =
      List.of("auto", "inline", "thread", "ephemeral", "channel");

  private static final List<String> PROGRAM_ONLY = List.of("args", "env", "cwd", "maxOutputBytes");
  private static final List<String> NOT_FOR_GROUPS =
      List.of("timeout", "concurrency", "reply", "rate");
  private static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

  private enum Kind {
    PROGRAM,
    BUILTIN,
    GROUP,
    UNCLEAR
  }

  private final Problems problems;

  private CommandsReader(Problems problems) {
    this.problems = problems;
  }

  static Map<String, CommandConfig> read(JsonNode node, String path, Problems problems) {
    return new CommandsReader(problems).group(node, path, 1);
  }

  private Map<String, CommandConfig> group(JsonNode node, String path, int depth) {
    Map<String, CommandConfig> commands = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : Values.mapping(node, path, problems).entrySet()) {
      String name = entry.getKey();
      String at = Problems.child(path, name);
      if (acceptable(name, at)) {
        Section s = Section.open(entry.getValue(), at, Schema.COMMAND, problems);
        commands.put(name, command(name, s, depth));
      }
    }
    return commands;
  }

  private boolean acceptable(String name, String at) {
    if (!NAME.matcher(name).matches()) {
      problems.add(at, "'" + name + "' is not a valid command name: " + NAME_RULE);
      return false;
    }
    if (name.equals(Builtins.HELP)) {
      problems.add(at, "`help` is reserved: it always exists and lists what the caller may run");
      return false;
    }
    return true;
  }

  private CommandConfig command(String name, Section s, int depth) {
    Kind kind = kind(s);
    rejectKeysThatDoNotApply(s, kind);
    List<ArgConfig> args = ArgsReader.read(s.get("args"), s.at("args"), problems);
    List<String> run = kind == Kind.PROGRAM ? run(s, args) : List.of();
    String builtin = kind == Kind.BUILTIN ? s.oneOf("builtin", null, Builtins.NAMES) : null;
    Map<String, CommandConfig> subcommands = kind == Kind.GROUP ? subcommands(s, depth) : Map.of();
    return new CommandConfig(
        name,
        s.text("description", null),
        run,
        builtin,
        subcommands,
        args,
        s.duration(
            "timeout", CommandConfig.DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(24)),
        ReplyMode.valueOf(s.oneOf("reply", "auto", REPLY_MODES).toUpperCase(Locale.ROOT)),
        s.integer("concurrency", 0, 0, 1024),
        allow(s.section("allow", Schema.ALLOW)),
        CommandEnv.read(s.get("env"), s.at("env"), problems),
        cwd(s),
        s.rate("rate", null),
        s.integer(
            "maxOutputBytes", CommandConfig.DEFAULT_MAX_OUTPUT_BYTES, 1024, MAX_OUTPUT_BYTES));
  }

  private Kind kind(Section s) {
    List<String> given = List.of("run", "builtin", "commands").stream().filter(s::has).toList();
    if (given.size() != 1) {
      problems.add(
          s.path(),
          given.isEmpty()
              ? "needs one of `run` (a program), `builtin` or `commands` (a group)"
              : "has "
                  + String.join(" and ", given)
                  + ": choose one of `run`, `builtin`, `commands`");
      return Kind.UNCLEAR;
    }
    return switch (given.get(0)) {
      case "run" -> Kind.PROGRAM;
      case "builtin" -> Kind.BUILTIN;
      default -> Kind.GROUP;
    };
  }

  private void rejectKeysThatDoNotApply(Section s, Kind kind) {
    if (kind == Kind.BUILTIN || kind == Kind.GROUP) {
      PROGRAM_ONLY.stream()
          .filter(s::has)
          .forEach(key -> s.problem(key, "applies only to commands with `run`"));
    }
    if (kind == Kind.GROUP) {
      NOT_FOR_GROUPS.stream()
          .filter(s::has)
          .forEach(key -> s.problem(key, "does not apply to a group; set it on its sub-commands"));
    }
  }

  private List<String> run(Section s, List<ArgConfig> args) {
    List<String> run = s.texts("run");
    if (s.get("run").isArray()) {
      RunTemplate.check(
          run,
          args.stream().map(ArgConfig::name).collect(java.util.stream.Collectors.toSet()),
          s.at("run"),
          problems);
    }
    return run;
  }

  private Map<String, CommandConfig> subcommands(Section s, int depth) {
    if (depth >= MAX_DEPTH) {
      s.problem("commands", "groups nest at most " + MAX_DEPTH + " levels deep");
      return Map.of();
    }
    JsonNode node = s.get("commands");
    if (node.isObject() && node.isEmpty()) {
      s.problem("commands", "a group needs at least one sub-command");
    }
    return group(node, s.at("commands"), depth + 1);
  }

  private static AllowConfig allow(Section s) {
    return new AllowConfig(s.texts("users"), s.texts("channels"), s.texts("teams"));
  }

  private static String cwd(Section s) {
    String cwd = s.text("cwd", null);
    if (cwd != null && !cwd.startsWith("/")) {
      s.problem("cwd", "must be an absolute path, got '" + cwd + "'");
    }
    return cwd;
  }
}
