package dev.commandeer.reply;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as it reached {@link FakeMattermost}, troubled or not.
 *
 * @param headers by lower-case name
 * @param at when it arrived
 */
public record RecordedRequest(
    String method, String path, Map<String, List<String>> headers, String body, Instant at) {

  /** The first value of a header (any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public JsonObject json() {
    return new JsonObject(body);
  }
}
