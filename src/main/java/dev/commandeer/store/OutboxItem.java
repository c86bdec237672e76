package dev.commandeer.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A reply waiting to be delivered to Mattermost, kept so that a restart loses nothing.
 *
 * @param id unique id of this delivery
 * @param runId the run the reply is about
 * @param kind what to do with the payload, such as {@code create_post}, {@code patch_post} or
 *     {@code respond}; the delivery worker gives it meaning
 * @param payload the request to send, as JSON text
 * @param nextAttemptAt not to be tried before this
 * @param attempts how many times it has been claimed for delivery
 * @param lastError why the last attempt failed, or empty
 */
public record OutboxItem(
    String id,
    String runId,
    String kind,
    String payload,
    Instant createdAt,
    Instant nextAttemptAt,
    int attempts,
    String lastError) {

  private static final Pattern KIND = Pattern.compile("[a-z][a-z_]{0,39}");
  private static final int MAX_ERROR_CHARS = 1000;

  public OutboxItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(payload, "payload");
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("kind must be a lower_case word, not " + kind);
    }
    createdAt = Times.micros(Objects.requireNonNull(createdAt, "createdAt"));
    nextAttemptAt = Times.micros(Objects.requireNonNull(nextAttemptAt, "nextAttemptAt"));
    lastError = brief(lastError);
  }

  /** A new item, due at once. */
  public static OutboxItem of(String runId, String kind, String payload, Instant now) {
    return new OutboxItem(UUID.randomUUID().toString(), runId, kind, payload, now, now, 0, "");
  }

  /** This item as handed to a claimer: one more attempt. */
  public OutboxItem claimed() {
    return new OutboxItem(
        id, runId, kind, payload, createdAt, nextAttemptAt, attempts + 1, lastError);
  }

  /** This item after a failed attempt, due again at {@code next}. */
  OutboxItem deferred(Instant next, String error) {
    return new OutboxItem(id, runId, kind, payload, createdAt, next, attempts, error);
  }

  OutboxItem failed(String error) {
    return deferred(nextAttemptAt, error);
  }

  /** An error message short enough to keep: the first thousand characters. */
  static String brief(String error) {
    if (error == null) {
      return "";
    }
    return error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS);
  }
}
