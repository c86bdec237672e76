package dev.commandeer.webhook;

import dev.commandeer.chat.Incoming;
import dev.commandeer.chat.Invocation;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An outgoing webhook as Mattermost sends it: the same twelve fields form-encoded (timestamp in
 * seconds) or as JSON (timestamp in milliseconds).
 */
public record WebhookRequest(
    String token,
    String teamId,
    String teamDomain,
    String channelId,
    String channelName,
    Instant timestamp,
    String userId,
    String userName,
    String postId,
    String text,
    String triggerWord)
    implements Incoming {

  /**
   * Reads a webhook from its form fields or, when Mattermost sent JSON, its JSON object; throws
   * {@link IllegalArgumentException} naming what is wrong.
   */
  public static WebhookRequest from(Map<String, List<String>> form, JsonObject json) {
    return json != null ? fromJson(json) : fromForm(form);
  }

  /** Reads the form fields; throws {@link IllegalArgumentException} naming what is wrong. */
  public static WebhookRequest fromForm(Map<String, List<String>> form) {
    Function<String, String> field = name -> single(form, name);
    String ts = field.apply("timestamp");
    return of(field, ts == null || ts.isEmpty() ? null : instant(number(ts) * 1000));
  }

  /** Reads the JSON object; throws {@link IllegalArgumentException} naming what is wrong. */
  public static WebhookRequest fromJson(JsonObject json) {
    Object ts = json.getValue("timestamp");
    if (ts != null && !(ts instanceof Number)) {
      throw new IllegalArgumentException("field 'timestamp' must be a number");
    }
    Instant when = ts == null ? null : instant(((Number) ts).longValue());
    return of(name -> text(json, name), when);
  }

  private static WebhookRequest of(Function<String, String> field, Instant timestamp) {
    return new WebhookRequest(
        field.apply("token"),
        field.apply("team_id"),
        field.apply("team_domain"),
        field.apply("channel_id"),
        field.apply("channel_name"),
        timestamp,
        field.apply("user_id"),
        field.apply("user_name"),
        field.apply("post_id"),
        field.apply("text"),
        field.apply("trigger_word"));
  }

  /**
   * Checks the fields a command needs, after the token was accepted; throws {@link
   * IllegalArgumentException} naming the first missing one.
   */
  @Override
  public WebhookConversation open(String tokenName) {
    require("text", text);
    require("user_id", userId);
    require("channel_id", channelId);
    return new WebhookConversation(
        new Invocation(
            Invocation.Ingress.WEBHOOK,
            tokenName,
            teamId,
            teamDomain,
            channelId,
            channelName,
            userId,
            userName,
            triggerWord,
            text,
            postId,
            "",
            timestamp));
  }

  private static void require(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("missing field '" + name + "'");
    }
  }

  private static String single(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException("field '" + name + "' given more than once");
    }
    return values.get(0);
  }

  private static String text(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException("field '" + name + "' must be a string");
  }

  /** Milliseconds since the epoch; anything outside ±10,000 years is not a post's time. */
  private static Instant instant(long millis) {
    if (Math.abs(millis) > 315_537_897_599_999L) {
      throw new IllegalArgumentException("field 'timestamp' is out of range");
    }
    return Instant.ofEpochMilli(millis);
  }

  private static long number(String s) {
    try {
      long seconds = Long.parseLong(s);
      if (Math.abs(seconds) > 315_537_897_599L) {
        throw new IllegalArgumentException("field 'timestamp' is out of range");
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field 'timestamp' must be a number");
    }
  }
}
