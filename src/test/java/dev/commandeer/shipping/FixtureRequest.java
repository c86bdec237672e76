package dev.commandeer.shipping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole HTTP/1.1 request as Mattermost sends it, read from {@code src/test/resources/shipping},
 * with single fields changed. {@link #bytes()} keeps the fixture's header order and recomputes
 * {@code Content-Length}.
 */
record FixtureRequest(String requestLine, List<String[]> headers, String body) {

  static FixtureRequest load(String name) {
    try (InputStream in = FixtureRequest.class.getResourceAsStream("/shipping/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
      int split = text.indexOf("\n\n");
      String head = text.substring(0, split);
      String body = text.substring(split + 2).stripTrailing();
      List<String> lines = head.lines().toList();
      List<String[]> headers = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        int colon = line.indexOf(':');
        headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
      }
      return new FixtureRequest(lines.get(0), List.copyOf(headers), body).withFreshIds();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same request with one field set: in the form body, the query string, or the JSON body,
   * wherever the fixture carries it.
   */
  FixtureRequest with(String field, String value) {
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    Pattern form = Pattern.compile("(^|&|\\?)" + Pattern.quote(field) + "=[^& ]*");
    Matcher inLine = form.matcher(requestLine);
    if (inLine.find()) {
      return new FixtureRequest(
          inLine.replaceFirst("$1" + field + "=" + Matcher.quoteReplacement(encoded)),
          headers,
          body);
    }
    Matcher inForm = form.matcher(body);
    if (inForm.find()) {
      return withBody(inForm.replaceFirst("$1" + field + "=" + Matcher.quoteReplacement(encoded)));
    }
    Matcher inJson = Pattern.compile("\"" + Pattern.quote(field) + "\": \"[^\"]*\"").matcher(body);
    if (inJson.find()) {
      return withBody(
          inJson.replaceFirst(Matcher.quoteReplacement("\"" + field + "\": \"" + value + "\"")));
    }
    throw new IllegalArgumentException("the fixture has no field " + field);
  }

  /**
   * Every post and every slash command has ids of its own, and Commandeer runs each only once: a
   * request loaded for a test gets fresh ones.
   */
  private FixtureRequest withFreshIds() {
    FixtureRequest fresh = this;
    for (String field : List.of("post_id", "trigger_id")) {
      try {
        fresh =
            fresh.with(
                field, java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 26));
      } catch (IllegalArgumentException absent) {
        // This kind of request does not carry that id.
      }
    }
    return fresh;
  }

  FixtureRequest withBody(String newBody) {
    return new FixtureRequest(requestLine, headers, newBody);
  }

  FixtureRequest withRequestLine(String method, String target) {
    return new FixtureRequest(method + " " + target + " HTTP/1.1", headers, body);
  }

  String target() {
    return requestLine.split(" ")[1];
  }

  byte[] bytes() {
    StringBuilder out = new StringBuilder(requestLine).append("\r\n");
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    for (String[] header : headers) {
      String value =
          header[0].equalsIgnoreCase("Content-Length") ? String.valueOf(content.length) : header[1];
      out.append(header[0]).append(": ").append(value).append("\r\n");
    }
    out.append("\r\n");
    byte[] head = out.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + content.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(content, 0, all, head.length, content.length);
    return all;
  }
}
