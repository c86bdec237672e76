package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.config.AllowConfig;
import dev.commandeer.config.ArgConfig;
import dev.commandeer.config.CommandConfig;
import dev.commandeer.config.Config;
import dev.commandeer.config.LimitsConfig;
import dev.commandeer.config.LogConfig;
import dev.commandeer.config.MattermostConfig;
import dev.commandeer.config.ReplyMode;
import dev.commandeer.config.ServerConfig;
import dev.commandeer.config.StoreConfig;
import dev.commandeer.config.TokenConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Configs and invocations for the specs of this package, built from the records directly. */
final class Fixtures {

  static final TokenConfig ANY_TOKEN = new TokenConfig("hook", "secret", List.of());

  private Fixtures() {}

  static Config config(List<String> admins, CommandConfig... commands) {
    return new Config(
        ServerConfig.defaults(),
        MattermostConfig.defaults(),
        StoreConfig.defaults(),
        List.of(ANY_TOKEN),
        byName(commands),
        LimitsConfig.defaults(),
        admins,
        LogConfig.defaults());
  }

  static Config config(CommandConfig... commands) {
    return config(List.of(), commands);
  }

  /** deploy, echo, todo, notify, and the group ops → restart, ops → db → backup. */
  static Config standard() {
    return config(
        deploy(),
        builtin("echo"),
        builtin("todo"),
        builtin("history"),
        program("notify", "Tell a channel", arg("channel"), rest("message")),
        group(
            "ops",
            "Operations",
            program("restart", "Restart a service", arg("service")),
            group("db", "Database", program("backup", "Back up a database", optional("name")))));
  }

  static CommandConfig deploy() {
    return program(
        "deploy",
        "Deploy a service",
        pattern("service", "[a-z][a-z0-9-]{1,30}"),
        choice("env", "staging", "staging", "production"));
  }

  static CommandConfig program(String name, String description, ArgConfig... args) {
    return command(name, description, List.of("/opt/" + name), null, Map.of(), List.of(args));
  }

  static CommandConfig group(String name, String description, CommandConfig... subs) {
    return command(name, description, List.of(), null, byName(subs), List.of());
  }

  static CommandConfig builtin(String name) {
    return CommandConfig.builtin(name, name, null);
  }

  static CommandConfig allowing(AllowConfig allow, CommandConfig c) {
    return new CommandConfig(
        c.name(),
        c.description(),
        c.run(),
        c.builtin(),
        c.commands(),
        c.args(),
        c.timeout(),
        c.reply(),
        c.concurrency(),
        allow,
        c.env(),
        c.cwd(),
        c.rate(),
        c.maxOutputBytes());
  }

  static AllowConfig users(String... users) {
    return new AllowConfig(List.of(users), List.of(), List.of());
  }

  static AllowConfig channels(String... channels) {
    return new AllowConfig(List.of(), List.of(channels), List.of());
  }

  static AllowConfig teams(String... teams) {
    return new AllowConfig(List.of(), List.of(), List.of(teams));
  }

  static ArgConfig arg(String name) {
    return ArgConfig.of(name);
  }

  static ArgConfig optional(String name) {
    return new ArgConfig(name, null, null, List.of(), null, false, false);
  }

  static ArgConfig pattern(String name, String regex) {
    return new ArgConfig(name, null, Pattern.compile(regex), List.of(), null, true, false);
  }

  static ArgConfig choice(String name, String defaultValue, String... choices) {
    return new ArgConfig(
        name, null, null, List.of(choices), defaultValue, defaultValue == null, false);
  }

  static ArgConfig rest(String name) {
    return new ArgConfig(name, null, null, List.of(), null, true, true);
  }

  /** A webhook post by alice (id u-alice) in channel ops (c-ops) of team acme (t-acme). */
  static Invocation webhook(String triggerWord, String text) {
    return invocation(Invocation.Ingress.WEBHOOK, triggerWord, text, "alice", "ops", "acme");
  }

  /** {@code /trigger text} typed by alice in channel ops of team acme. */
  static Invocation slash(String trigger, String text) {
    return invocation(Invocation.Ingress.SLASH, trigger, text, "alice", "ops", "acme");
  }

  static Invocation invocation(
      Invocation.Ingress ingress,
      String trigger,
      String text,
      String user,
      String channel,
      String team) {
    return new Invocation(
        ingress,
        "hook",
        "t-" + team,
        team,
        "c-" + channel,
        channel,
        "u-" + user,
        user,
        trigger,
        ingress == Invocation.Ingress.SLASH ? trigger + " " + text : text,
        ingress == Invocation.Ingress.WEBHOOK ? "post1" : "",
        "",
        Instant.parse("2025-01-01T00:00:00Z"));
  }

  private static CommandConfig command(
      String name,
      String description,
      List<String> run,
      String builtin,
      Map<String, CommandConfig> commands,
      List<ArgConfig> args) {
    return new CommandConfig(
        name,
        description,
        run,
        builtin,
        commands,
        args,
        CommandConfig.DEFAULT_TIMEOUT,
        ReplyMode.AUTO,
        0,
        AllowConfig.EVERYONE,
        Map.of(),
        null,
        null,
        CommandConfig.DEFAULT_MAX_OUTPUT_BYTES);
  }

  private static Map<String, CommandConfig> byName(CommandConfig... commands) {
    return Arrays.stream(commands)
        .collect(Collectors.toMap(CommandConfig::name, Function.identity()));
  }
}
