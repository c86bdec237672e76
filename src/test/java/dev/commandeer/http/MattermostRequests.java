package dev.commandeer.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests as a Mattermost server writes them (see the wire reference): Go's {@code
 * url.Values.Encode} form encoding with keys sorted, its header set and order, and the whole
 * recorded requests under {@code src/test/resources/fixtures}.
 */
public final class MattermostRequests {

  public static final String HOOK_TOKEN = "9ngqs5hiqjdkbyxwbgxhbs5cge";
  public static final String SLASH_TOKEN = "3wy6jjbe4fgf3qu1kqzarx6s7w";

  private MattermostRequests() {}

  /** A fresh id shaped like Mattermost's: every post and trigger has its own. */
  public static String newId() {
    StringBuilder id = new StringBuilder(26);
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 26; i++) {
      id.append("abcdefghijkmnopqrstuvwxyz0123456789".charAt(random.nextInt(35)));
    }
    return id.toString();
  }

  /** A recorded request, byte for byte. */
  public static byte[] fixture(String name) {
    try (InputStream in = MattermostRequests.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The twelve outgoing-webhook fields for a message, as a form would carry them. */
  public static Map<String, List<String>> webhookFields(String token, String text) {
    Map<String, List<String>> f = new TreeMap<>();
    f.put("channel_id", List.of("4xp9fdt77pncbef59f4k1qe83o"));
    f.put("channel_name", List.of("town-square"));
    f.put("file_ids", List.of(""));
    f.put("post_id", List.of(newId()));
    f.put("team_domain", List.of("ops"));
    f.put("team_id", List.of("ukjkgqsbbpfbpy3p9k5i98a8hr"));
    f.put("text", List.of(text));
    f.put("timestamp", List.of("1795305125"));
    f.put("token", List.of(token));
    f.put("trigger_word", List.of(text.split("\\s+", 2)[0]));
    f.put("user_id", List.of("q5xmbjzkuprx7kyrqfhqrhcihr"));
    f.put("user_name", List.of("alice"));
    return f;
  }

  /** The slash-command fields for {@code /command text}. */
  public static Map<String, List<String>> slashFields(String token, String command, String text) {
    Map<String, List<String>> f = new TreeMap<>();
    f.put("channel_id", List.of("rfzqjwbs3ibt9k4dbq6wbkx1ee"));
    f.put("channel_name", List.of("ops-private"));
    f.put("command", List.of(command));
    f.put(
        "response_url",
        List.of("https://chat.example.com/hooks/commands/dcmyh8m9g6pmtihanuuobo0y79"));
    f.put("root_id", List.of(""));
    f.put("team_domain", List.of("ops"));
    f.put("team_id", List.of("ukjkgqsbbpfbpy3p9k5i98a8hr"));
    f.put("text", List.of(text));
    f.put("token", List.of(token));
    f.put("trigger_id", List.of(newId() + newId()));
    f.put("user_id", List.of("q5xmbjzkuprx7kyrqfhqrhcihr"));
    f.put("user_name", List.of("alice"));
    return f;
  }

  public static byte[] webhookForm(String token, String text) {
    return post(
        "/hooks/mattermost",
        null,
        "application/x-www-form-urlencoded",
        encode(webhookFields(token, text)).getBytes(StandardCharsets.US_ASCII));
  }

  /** A webhook for a message that is post {@code postId} in channel {@code channelId}. */
  public static byte[] webhookForm(String token, String text, String postId, String channelId) {
    Map<String, List<String>> fields = new TreeMap<>(webhookFields(token, text));
    fields.put("post_id", List.of(postId));
    fields.put("channel_id", List.of(channelId));
    return post(
        "/hooks/mattermost",
        null,
        "application/x-www-form-urlencoded",
        encode(fields).getBytes(StandardCharsets.US_ASCII));
  }

  public static byte[] slashPost(String token, String command, String text) {
    return post(
        "/commands/mattermost",
        token,
        "application/x-www-form-urlencoded",
        encode(slashFields(token, command, text)).getBytes(StandardCharsets.US_ASCII));
  }

  public static byte[] slashGet(String token, String command, String text) {
    String head =
        "GET /commands/mattermost?"
            + encode(slashFields(token, command, text))
            + " HTTP/1.1\r\n"
            + "Host: commandeer.example:8080\r\n"
            + "User-Agent: Mattermost-Bot/1.1\r\n"
            + "Accept: application/json\r\n"
            + "Authorization: Token "
            + token
            + "\r\n"
            + "Accept-Encoding: gzip\r\n\r\n";
    return head.getBytes(StandardCharsets.US_ASCII);
  }

  /** A POST with Mattermost's header order; {@code authToken} null for webhooks. */
  public static byte[] post(String path, String authToken, String contentType, byte[] body) {
    StringBuilder head = new StringBuilder();
    head.append("POST ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: commandeer.example:8080\r\n");
    head.append("User-Agent: Mattermost-Bot/1.1\r\n");
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Accept: application/json\r\n");
    if (authToken != null) {
      head.append("Authorization: Token ").append(authToken).append("\r\n");
    }
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("Accept-Encoding: gzip\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** Go's {@code url.Values.Encode}: keys sorted, {@code QueryEscape} on keys and values. */
  public static String encode(Map<String, List<String>> fields) {
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(fields)
        .forEach((k, values) -> values.forEach(v -> pairs.add(escape(k) + "=" + escape(v))));
    return String.join("&", pairs);
  }

  public static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
