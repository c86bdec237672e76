package dev.commandeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.core.json.jackson.JacksonCodec;
import org.junit.jupiter.api.Test;

/** Vert.x reads and writes Commandeer's JSON without building a Jackson ObjectMapper. */
class StreamingJsonFactoryTest {

  @Test
  void vertx_uses_the_streaming_codec_not_the_databind_one() {
    assertThat(Json.CODEC).isExactlyInstanceOf(JacksonCodec.class);
  }

  @Test
  void a_reply_reads_and_writes_as_the_databind_codec_would() {
    JsonObject reply =
        new JsonObject()
            .put("response_type", "in_channel")
            .put("text", "a \"quoted\" line\nwith é, 😀 and <!channel>")
            .put("skip_slack_parsing", true)
            .put("props", new JsonObject().put("attempt", 2).put("ratio", 0.5).putNull("none"))
            .put("list", new JsonArray().add(1).add("two"));

    String text = reply.encode();

    assertThat(text).isEqualTo(new DatabindCodec().toString(reply, false));
    assertThat(new JsonObject(text)).isEqualTo(reply);
    assertThat(new JsonObject(text).getMap())
        .isEqualTo(new DatabindCodec().fromString(text, JsonObject.class).getMap());
  }
}
