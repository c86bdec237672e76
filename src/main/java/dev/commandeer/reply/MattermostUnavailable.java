package dev.commandeer.reply;

/**
 * Mattermost could not be reached (connection refused, timed out), or the client stopped calling it
 * for a while because recent calls failed. Worth trying again later.
 */
public final class MattermostUnavailable extends RuntimeException {

  public MattermostUnavailable(String message) {
    super(message);
  }

  public MattermostUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
