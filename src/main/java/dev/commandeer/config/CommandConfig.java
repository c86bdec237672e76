package dev.commandeer.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command as declared under {@code commands:}. Exactly one of {@code run}, {@code builtin} or
 * {@code commands} (a group of sub-commands) is set.
 *
 * @param name the key under {@code commands:}
 * @param run argv template with {@code {arg}} placeholders; empty when not an external program
 * @param builtin name of a built-in command, or null
 * @param commands sub-commands when this command is a group; empty otherwise
 * @param rate per-user limit for this command, or null for none
 * @param maxOutputBytes cap on each of stdout and stderr
 */
public record CommandConfig(
    String name,
    String description,
    List<String> run,
    String builtin,
    Map<String, CommandConfig> commands,
    List<ArgConfig> args,
    Duration timeout,
    ReplyMode reply,
    int concurrency,
    AllowConfig allow,
    Map<String, String> env,
    String cwd,
    Rate rate,
    int maxOutputBytes) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

  public CommandConfig {
    run = List.copyOf(run);
    commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  public boolean isGroup() {
    return !commands.isEmpty();
  }

  public boolean isProgram() {
    return !run.isEmpty();
  }

  /** A built-in command with no arguments of its own beyond what the built-in parses. */
  public static CommandConfig builtin(String name, String builtin, String description) {
    return new CommandConfig(
        name,
        description,
        List.of(),
        builtin,
        Map.of(),
        List.of(),
        DEFAULT_TIMEOUT,
        ReplyMode.AUTO,
        0,
        AllowConfig.EVERYONE,
        Map.of(),
        null,
        null,
        DEFAULT_MAX_OUTPUT_BYTES);
  }
}
