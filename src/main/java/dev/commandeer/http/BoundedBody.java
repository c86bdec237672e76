package dev.commandeer.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a size limit. A declared {@code Content-Length} over the limit is
 * refused before reading anything; a chunked body is cut off as soon as it passes the limit, so a
 * hostile client cannot make the service buffer more than {@code server.maxBodyBytes}.
 */
final class BoundedBody {

  private final int maxBytes;

  BoundedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  Future<Buffer> read(HttpServerRequest request) {
    if (request.isEnded()) {
      return Future.succeededFuture(Buffer.buffer());
    }
    long declared = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
    if (declared < -1) {
      return Future.failedFuture(new BadRequest("invalid Content-Length"));
    }
    if (declared > maxBytes) {
      return Future.failedFuture(tooLarge());
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer(declared < 0 ? 1024 : (int) declared);
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > maxBytes) {
            request.handler(null);
            promise.tryFail(tooLarge());
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.endHandler(v -> promise.tryComplete(body));
    // The client went away or broke the framing: its fault, not a bug of ours.
    request.exceptionHandler(e -> promise.tryFail(new BadRequest("request body not received")));
    request.resume();
    return promise.future();
  }

  /** The declared length, -1 when none is declared, -2 when it is not a number. */
  private static long declaredLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(header.trim());
      return n < 0 ? -2 : n;
    } catch (NumberFormatException e) {
      return -2;
    }
  }

  private HttpFailure tooLarge() {
    return new HttpFailure(413, "request body is larger than " + maxBytes + " bytes");
  }
}
