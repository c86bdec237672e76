package dev.commandeer.chat;

import java.time.Instant;
import java.util.Map;

/**
 * What somebody typed in Mattermost, with who and where, independent of the ingress it arrived
 * through: each ingress fills it from its own request and answers everything else about replying in
 * its {@link Conversation}.
 *
 * @param ingress which kind of ingress it came through, as history and logs record it
 * @param tokenName the name of the configured token that authenticated the request
 * @param trigger the word Mattermost matched to call Commandeer (a slash command without the slash,
 *     {@code ops}, or a webhook's trigger word); may be empty
 * @param commandLine the line to parse into a command, prefix or trigger included ({@code ops
 *     deploy api}, {@code !ops deploy api})
 * @param postId the post the command was typed as (webhooks), or empty
 * @param rootId the thread the command was typed in, when the ingress says so, or empty
 */
public record Invocation(
    Ingress ingress,
    String tokenName,
    String teamId,
    String teamDomain,
    String channelId,
    String channelName,
    String userId,
    String userName,
    String trigger,
    String commandLine,
    String postId,
    String rootId,
    Instant timestamp) {

  public enum Ingress {
    WEBHOOK,
    SLASH,
    LOCAL
  }

  public Invocation {
    if (ingress == null) {
      throw new IllegalArgumentException("ingress is required");
    }
    tokenName = orEmpty(tokenName);
    teamId = orEmpty(teamId);
    teamDomain = orEmpty(teamDomain);
    channelId = orEmpty(channelId);
    channelName = orEmpty(channelName);
    userId = orEmpty(userId);
    userName = orEmpty(userName);
    trigger = orEmpty(trigger);
    commandLine = orEmpty(commandLine);
    postId = orEmpty(postId);
    rootId = orEmpty(rootId);
    if (timestamp == null) {
      timestamp = Instant.now();
    }
  }

  /** A local invocation as made by {@code commandeer try}. */
  public static Invocation local(String userName, String text) {
    return local(userName, "local", text);
  }

  /** A local invocation in a named channel, as made by {@code commandeer try --channel}. */
  public static Invocation local(String userName, String channelName, String text) {
    return new Invocation(
        Ingress.LOCAL,
        "local",
        "",
        "local",
        "",
        channelName,
        "",
        userName,
        "",
        text,
        "",
        "",
        Instant.now());
  }

  /** What a program is told about its caller, as environment variables. */
  public Map<String, String> variables() {
    return Map.of(
        "MM_USER_NAME", userName,
        "MM_USER_ID", userId,
        "MM_CHANNEL_NAME", channelName,
        "MM_CHANNEL_ID", channelId,
        "MM_TEAM_DOMAIN", teamDomain,
        "MM_POST_ID", postId,
        "MM_ROOT_ID", rootId);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
