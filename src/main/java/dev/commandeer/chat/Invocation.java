package dev.commandeer.chat;

import java.time.Instant;

/**
 * What somebody typed in Mattermost, with who, where and through which integration, independent of
 * the wire format it arrived in.
 *
 * @param ingress outgoing webhook or slash command
 * @param tokenName the name of the configured token that authenticated the request
 * @param trigger for a slash command the command word without the slash ({@code ops}); for a
 *     webhook the trigger word Mattermost matched (may be empty)
 * @param text for a slash command the text after the command; for a webhook the whole message,
 *     trigger word included
 * @param postId the triggering post (webhooks only), or empty
 * @param rootId the thread the command was typed in (slash commands on recent servers), or empty
 * @param triggerId the signed trigger id (slash commands only), or empty
 * @param responseUrl where delayed slash-command answers may be sent, or empty
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
    String text,
    String postId,
    String rootId,
    String triggerId,
    String responseUrl,
    Instant timestamp) {

  public enum Ingress {
    WEBHOOK,
    SLASH,
    LOCAL
  }

  public Invocation {
    tokenName = orEmpty(tokenName);
    teamId = orEmpty(teamId);
    teamDomain = orEmpty(teamDomain);
    channelId = orEmpty(channelId);
    channelName = orEmpty(channelName);
    userId = orEmpty(userId);
    userName = orEmpty(userName);
    trigger = orEmpty(trigger);
    text = orEmpty(text);
    postId = orEmpty(postId);
    rootId = orEmpty(rootId);
    triggerId = orEmpty(triggerId);
    responseUrl = orEmpty(responseUrl);
    if (ingress == null) {
      throw new IllegalArgumentException("ingress is required");
    }
    if (timestamp == null) {
      timestamp = Instant.now();
    }
  }

  /**
   * The line to parse into a command: for a slash command the command word followed by the text
   * ({@code ops deploy api}); for a webhook and a local run the text as typed.
   */
  public String commandLine() {
    return ingress == Ingress.SLASH ? trigger + " " + text : text;
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
        "",
        "",
        Instant.now());
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
