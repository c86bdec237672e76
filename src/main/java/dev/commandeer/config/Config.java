package dev.commandeer.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration of one Commandeer process, as read from YAML and the environment.
 *
 * <p>Every part is validated when built; {@link ConfigLoader} turns a YAML file into this tree or
 * into a list of {@link ConfigProblem}s naming the bad paths.
 *
 * @param tokens what Mattermost may send; empty means none configured
 * @param commands the top-level commands in the order they are written (help is not among them)
 */
public record Config(
    ServerConfig server,
    MattermostConfig mattermost,
    StoreConfig store,
    List<TokenConfig> tokens,
    Map<String, CommandConfig> commands,
    LimitsConfig limits,
    List<String> admins,
    LogConfig log) {

  public Config {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(mattermost, "mattermost");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(log, "log");
    tokens = List.copyOf(tokens);
    commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
    admins = List.copyOf(admins);
  }

  public boolean isAdmin(String userName, String userId) {
    return admins.contains(userName) || admins.contains(userId);
  }
}
