package dev.commandeer.config;

import java.util.List;

/**
 * A token that Mattermost sends with outgoing webhooks or slash commands.
 *
 * @param name shown in logs and history instead of the value
 * @param value the secret itself; never logged
 * @param commands the top-level commands this token may run; empty means all
 */
public record TokenConfig(String name, String value, List<String> commands) {

  public TokenConfig {
    commands = List.copyOf(commands);
  }

  public boolean mayRun(String command) {
    return commands.isEmpty() || commands.contains(command);
  }

  @Override
  public String toString() {
    return "TokenConfig[name=" + name + ", value=***, commands=" + commands + "]";
  }
}
