package dev.commandeer.config;

import java.util.List;

/** Who may run a command: each non-empty list must contain the caller's name or id. */
public record AllowConfig(List<String> users, List<String> channels, List<String> teams) {

  public static final AllowConfig EVERYONE = new AllowConfig(List.of(), List.of(), List.of());

  public AllowConfig {
    users = List.copyOf(users);
    channels = List.copyOf(channels);
    teams = List.copyOf(teams);
  }

  public boolean permits(
      String userName,
      String userId,
      String channelName,
      String channelId,
      String teamDomain,
      String teamId) {
    return matches(users, userName, userId)
        && matches(channels, channelName, channelId)
        && matches(teams, teamDomain, teamId);
  }

  private static boolean matches(List<String> allowed, String name, String id) {
    return allowed.isEmpty()
        || (name != null && allowed.contains(name))
        || (id != null && allowed.contains(id));
  }
}
