package dev.commandeer.http;

import dev.commandeer.chat.Incoming;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One way Mattermost calls in over HTTP: where, with which methods and media types, and how its
 * fields become a request whose token can be checked. The composition root lists them; the server
 * serves each the same way.
 *
 * @param mediaTypes the body types accepted, in the order a refusal names them; a GET request's
 *     fields come from its query instead
 */
public record HttpIngress(
    String path, Set<HttpMethod> methods, List<String> mediaTypes, Decoder decoder) {

  public static final String FORM = "application/x-www-form-urlencoded";
  public static final String JSON = "application/json";

  public HttpIngress {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(decoder, "decoder");
    methods = Set.copyOf(methods);
    mediaTypes = List.copyOf(mediaTypes);
  }

  /** Reads a request's fields far enough to find its token. */
  @FunctionalInterface
  public interface Decoder {

    /** Throws {@link IllegalArgumentException} naming what is wrong with the fields. */
    Incoming decode(Fields fields);
  }

  /**
   * The fields of one request as the HTTP edge read them.
   *
   * @param form the form fields or query parameters; empty when the body was JSON
   * @param json the JSON body, or null when there was none
   * @param authorization the {@code Authorization} header, or null
   */
  public record Fields(Map<String, List<String>> form, JsonObject json, String authorization) {}
}
