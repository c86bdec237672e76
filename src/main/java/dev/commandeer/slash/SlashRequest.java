package dev.commandeer.slash;

import dev.commandeer.chat.Incoming;
import dev.commandeer.chat.Invocation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A custom slash command as Mattermost sends it, POST form or GET query alike. The token arrives
 * twice: in {@code Authorization: Token …} and as the {@code token} field.
 */
public record SlashRequest(
    String token,
    String teamId,
    String teamDomain,
    String channelId,
    String channelName,
    String userId,
    String userName,
    String command,
    String text,
    String rootId,
    String triggerId,
    String responseUrl,
    List<String> userMentions,
    List<String> channelMentions)
    implements Incoming {

  public SlashRequest {
    userMentions = List.copyOf(userMentions);
    channelMentions = List.copyOf(channelMentions);
  }

  /**
   * Reads the fields; the token is the header's when present, else the field's, and none at all
   * when the two disagree. Throws {@link IllegalArgumentException} when a field is repeated.
   */
  public static SlashRequest from(Map<String, List<String>> fields, String authorization) {
    String fieldToken = single(fields, "token");
    String headerToken = headerToken(authorization);
    String token = headerToken != null ? headerToken : fieldToken;
    if (headerToken != null && fieldToken != null && !headerToken.equals(fieldToken)) {
      token = null;
    }
    return new SlashRequest(
        token,
        single(fields, "team_id"),
        single(fields, "team_domain"),
        single(fields, "channel_id"),
        single(fields, "channel_name"),
        single(fields, "user_id"),
        single(fields, "user_name"),
        single(fields, "command"),
        single(fields, "text"),
        single(fields, "root_id"),
        single(fields, "trigger_id"),
        single(fields, "response_url"),
        fields.getOrDefault("user_mentions", List.of()),
        fields.getOrDefault("channel_mentions", List.of()));
  }

  /**
   * Checks the fields a command needs, after the token was accepted; throws {@link
   * IllegalArgumentException} naming the first missing or malformed one.
   */
  @Override
  public SlashConversation open(String tokenName) {
    if (command == null || !command.startsWith("/") || command.length() < 2) {
      throw new IllegalArgumentException("field 'command' must be a slash command such as /ops");
    }
    if (userId == null || userId.isEmpty()) {
      throw new IllegalArgumentException("missing field 'user_id'");
    }
    if (channelId == null || channelId.isEmpty()) {
      throw new IllegalArgumentException("missing field 'channel_id'");
    }
    String trigger = command.substring(1);
    Invocation invocation =
        new Invocation(
            Invocation.Ingress.SLASH,
            tokenName,
            teamId,
            teamDomain,
            channelId,
            channelName,
            userId,
            userName,
            trigger,
            trigger + " " + (text == null ? "" : text),
            "",
            rootId,
            Instant.now());
    return new SlashConversation(invocation, triggerId, Optional.ofNullable(responseUrl));
  }

  private static String headerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.regionMatches(true, 0, "Token ", 0, 6)) {
      return value.substring(6).strip();
    }
    return null;
  }

  private static String single(Map<String, List<String>> fields, String name) {
    List<String> values = fields.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException("field '" + name + "' given more than once");
    }
    return values.get(0);
  }
}
