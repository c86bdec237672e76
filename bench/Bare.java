import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The reference for P1 and P5: the least a Vert.x service can do for an outgoing webhook. One HTTP
 * server on one event loop (as Commandeer deploys it), no router, no token check, no metrics: it
 * reads the form and answers the text back as JSON. {@code /readyz} answers 200 at once.
 *
 * <p>Usage: {@code java -cp target/commandeer.jar:CLASSES Bare PORT}
 */
public final class Bare {

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx
        .createHttpServer()
        .requestHandler(Bare::handle)
        .listen(port, "127.0.0.1")
        .onSuccess(server -> System.out.println("bare listening on " + server.actualPort()))
        .onFailure(
            e -> {
              e.printStackTrace();
              System.exit(1);
            });
  }

  private static void handle(HttpServerRequest request) {
    if (!request.path().startsWith("/hooks/")) {
      request
          .response()
          .putHeader("Content-Type", "application/json")
          .end("{\"status\":\"ready\"}");
      return;
    }
    request.setExpectMultipart(true);
    request
        .end()
        .onSuccess(
            v -> {
              String text = request.getFormAttribute("text");
              JsonObject answer =
                  new JsonObject()
                      .put("text", text == null ? "" : text)
                      .put("response_type", "comment");
              request
                  .response()
                  .putHeader("Content-Type", "application/json")
                  .end(answer.toBuffer());
            });
  }
}
