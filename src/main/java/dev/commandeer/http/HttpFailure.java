package dev.commandeer.http;

/**
 * A protocol failure answered with an HTTP status and a short message. Command failures are
 * replies, never these.
 */
class HttpFailure extends RuntimeException {

  private final int status;

  HttpFailure(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}

/** 400: the body or query could not be understood. */
final class BadRequest extends HttpFailure {
  BadRequest(String message) {
    super(400, message);
  }
}
