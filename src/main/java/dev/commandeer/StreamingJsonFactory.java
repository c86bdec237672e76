package dev.commandeer;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Has Vert.x encode and decode JSON with Jackson's streaming parser and generator alone. Finding
 * jackson-databind on the class path (the configuration reader needs its tree nodes), Vert.x would
 * otherwise build an {@code ObjectMapper} at the first JSON it meets: several hundred classes and
 * about a tenth of a second of the first answer, for mapping Java objects to JSON, which Commandeer
 * never asks of it. JSON objects and arrays read and write the same either way. Registered in
 * {@code META-INF/services/io.vertx.core.spi.JsonFactory}.
 */
public final class StreamingJsonFactory implements JsonFactory {

  private static final JsonCodec CODEC = new JacksonCodec();

  /** Ahead of Vert.x's own factory, which comes last. */
  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
