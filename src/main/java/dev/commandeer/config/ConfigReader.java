package dev.commandeer.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the whole tree, overrides applied and references expanded, into a {@link Config}. */
final class ConfigReader {

  private ConfigReader() {}

  /**
   * The config read with defaults where a value is missing or wrong; use it only without problems.
   */
  static Config read(ObjectNode root, Problems problems) {
    Section top = Section.open(root, "", Schema.ROOT, problems);
    ServerConfig server = ServiceSections.server(top.section("server", Schema.SERVER));
    MattermostConfig mattermost =
        ServiceSections.mattermost(top.section("mattermost", Schema.MATTERMOST));
    StoreConfig store = ServiceSections.store(top.section("store", Schema.STORE));
    Map<String, CommandConfig> commands =
        CommandsReader.read(top.get("commands"), "commands", problems);
    List<TokenConfig> tokens =
        TokensReader.read(top.get("tokens"), "tokens", restrictable(commands), problems);
    LimitsConfig limits = ServiceSections.limits(top.section("limits", Schema.LIMITS));
    List<String> admins = top.texts("admins");
    LogConfig log = ServiceSections.log(top.section("log", Schema.LOG));
    return new Config(server, mattermost, store, tokens, commands, limits, admins, log);
  }

  /**
   * What a token's {@code commands:} may name: the configured commands, help, and the built-ins
   * (naming one that is not configured is harmless, and lets one token list serve several configs).
   */
  private static Set<String> restrictable(Map<String, CommandConfig> commands) {
    Set<String> names = new LinkedHashSet<>(commands.keySet());
    names.add(Builtins.HELP);
    names.addAll(Builtins.NAMES);
    return names;
  }
}
