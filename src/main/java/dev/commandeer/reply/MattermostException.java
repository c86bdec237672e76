package dev.commandeer.reply;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Mattermost answered a call with an error, described by its AppError body ({@code id}, {@code
 * message}) when it sent one.
 */
public final class MattermostException extends RuntimeException {

  private static final int MAX_TEXT_CHARS = 200;

  private final int status;
  private final String errorId;
  private final String reason;

  /**
   * @param errorId Mattermost's AppError {@code id}; empty when the answer had none
   * @param reason Mattermost's AppError {@code message}, or a short text of the answer
   */
  public MattermostException(int status, String errorId, String reason) {
    super(describe(status, errorId == null ? "" : errorId, reason));
    this.status = status;
    this.errorId = errorId == null ? "" : errorId;
    this.reason = reason == null ? "" : reason;
  }

  /** The HTTP status Mattermost answered with. */
  public int status() {
    return status;
  }

  /** Mattermost's error id such as {@code api.post.create_post.root_id.app_error}; may be empty. */
  public String errorId() {
    return errorId;
  }

  /** What Mattermost said went wrong, in words. */
  public String reason() {
    return reason;
  }

  /** True when the same call may succeed later (rate limited or a server error). */
  public boolean isTransient() {
    return status == 429 || status >= 500;
  }

  static MattermostException from(HttpResponse<Buffer> response) {
    String body = response.bodyAsString();
    body = body == null ? "" : body;
    try {
      JsonObject error = new JsonObject(body);
      return new MattermostException(
          response.statusCode(), error.getString("id", ""), error.getString("message", ""));
    } catch (DecodeException | ClassCastException notAppError) {
      return new MattermostException(response.statusCode(), "", shorten(body.strip()));
    }
  }

  private static String describe(int status, String errorId, String message) {
    return "Mattermost answered "
        + status
        + (errorId.isEmpty() ? "" : " " + errorId)
        + (message == null || message.isEmpty() ? "" : ": " + message);
  }

  private static String shorten(String text) {
    return text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS) + "…";
  }
}
