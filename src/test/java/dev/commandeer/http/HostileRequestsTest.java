package dev.commandeer.http;

import static dev.commandeer.http.MattermostRequests.HOOK_TOKEN;
import static dev.commandeer.http.MattermostRequests.SLASH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.Commandeer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile requests: each gets the right 4xx with a JSON body Mattermost cannot turn
 * into a post, none gets a 5xx, and the service still answers properly afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRequestsTest {

  static final int LIMIT = 4096;
  static Commandeer service;

  @BeforeAll
  static void start() {
    service =
        TestService.start(
            """
            server: {port: 0, maxBodyBytes: %d}
            tokens:
              - {name: hook, value: %s}
              - {name: slash, value: %s}
            commands:
              echo: {builtin: echo}
            """
                .formatted(LIMIT, HOOK_TOKEN, SLASH_TOKEN));
  }

  @AfterAll
  static void stop() {
    service.stop().await();
  }

  static byte[] form(String body) {
    return MattermostRequests.post(
        "/hooks/mattermost", null, "application/x-www-form-urlencoded", ascii(body));
  }

  static byte[] json(String body) {
    return MattermostRequests.post(
        "/hooks/mattermost", null, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String validForm(String text) {
    return MattermostRequests.encode(MattermostRequests.webhookFields(HOOK_TOKEN, text));
  }

  static String without(String field) {
    Map<String, List<String>> f =
        new TreeMap<>(MattermostRequests.webhookFields(HOOK_TOKEN, "echo hi"));
    f.remove(field);
    return MattermostRequests.encode(f);
  }

  static String slashForm(String token, String command) {
    return MattermostRequests.encode(MattermostRequests.slashFields(token, command, "hi"));
  }

  static byte[] raw(String head, byte[] body) {
    byte[] h = ascii(head);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  static String nested(int depth) {
    return "{\"token\":\"" + HOOK_TOKEN + "\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  static Stream<Arguments> hostile() {
    String tokenHead = "token=" + HOOK_TOKEN + "&";
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of("webhook without token", form(without("token")), 401));
    cases.add(
        Arguments.of(
            "webhook with unknown token",
            form(validForm("echo hi").replace(HOOK_TOKEN, "x".repeat(26))),
            401));
    cases.add(
        Arguments.of(
            "webhook with a prefix of the token",
            form(validForm("echo hi").replace(HOOK_TOKEN, HOOK_TOKEN.substring(0, 10))),
            401));
    cases.add(
        Arguments.of(
            "webhook with the token plus a suffix",
            form(validForm("echo hi").replace(HOOK_TOKEN, HOOK_TOKEN + "a")),
            401));
    cases.add(
        Arguments.of(
            "webhook with the token in upper case",
            form(validForm("echo hi").replace(HOOK_TOKEN, HOOK_TOKEN.toUpperCase())),
            401));
    cases.add(
        Arguments.of(
            "webhook with the slash token in a header only",
            MattermostRequests.post(
                "/hooks/mattermost",
                SLASH_TOKEN,
                "application/x-www-form-urlencoded",
                ascii(without("token"))),
            401));
    cases.add(
        Arguments.of(
            "slash with wrong header and right field",
            MattermostRequests.post(
                "/commands/mattermost",
                "wrong-wrong-wrong",
                "application/x-www-form-urlencoded",
                ascii(slashForm(SLASH_TOKEN, "/echo"))),
            401));
    cases.add(
        Arguments.of(
            "slash GET without any token",
            ascii(
                "GET /commands/mattermost?command=%2Fecho&text=hi&user_id=u&channel_id=c HTTP/1.1\r\nHost: x\r\n\r\n"),
            401));
    cases.add(Arguments.of("empty form body", form(""), 401));
    cases.add(Arguments.of("form of separators only", form("&&&==&"), 401));
    cases.add(Arguments.of("truncated percent escape", form(tokenHead + "text=echo%E2%8"), 400));
    cases.add(Arguments.of("invalid percent escape", form(tokenHead + "text=echo%zz"), 400));
    cases.add(
        Arguments.of("percent-encoded invalid UTF-8", form(tokenHead + "text=echo%FF%FE"), 400));
    cases.add(
        Arguments.of("raw non-ASCII bytes in a form", form(tokenHead + "text=echo \u00e9"), 400));
    cases.add(
        Arguments.of(
            "binary garbage as a form",
            MattermostRequests.post(
                "/hooks/mattermost",
                null,
                "application/x-www-form-urlencoded",
                new byte[] {0, (byte) 0xff, 0x13, (byte) 0x80}),
            400));
    cases.add(Arguments.of("token field repeated", form(tokenHead + validForm("echo hi")), 400));
    cases.add(Arguments.of("missing text with a valid token", form(without("text")), 400));
    cases.add(Arguments.of("missing user_id with a valid token", form(without("user_id")), 400));
    cases.add(
        Arguments.of("missing channel_id with a valid token", form(without("channel_id")), 400));
    cases.add(
        Arguments.of(
            "timestamp that is not a number",
            form(validForm("echo hi").replace("timestamp=1795305125", "timestamp=soon")),
            400));
    cases.add(
        Arguments.of(
            "timestamp beyond any date",
            form(
                validForm("echo hi")
                    .replace("timestamp=1795305125", "timestamp=99999999999999999")),
            400));
    cases.add(
        Arguments.of(
            "JSON timestamp beyond any date",
            json("{\"token\":\"" + HOOK_TOKEN + "\",\"timestamp\":9223372036854775807}"),
            400));
    cases.add(Arguments.of("truncated JSON", json("{\"token\": \"" + HOOK_TOKEN), 400));
    cases.add(Arguments.of("JSON array instead of object", json("[1,2,3]"), 400));
    cases.add(Arguments.of("JSON null", json("null"), 400));
    cases.add(
        Arguments.of(
            "JSON number for text",
            json(
                "{\"token\":\""
                    + HOOK_TOKEN
                    + "\",\"text\":5,\"user_id\":\"u\",\"channel_id\":\"c\"}"),
            400));
    cases.add(
        Arguments.of(
            "JSON string timestamp",
            json("{\"token\":\"" + HOOK_TOKEN + "\",\"timestamp\":\"now\"}"),
            400));
    cases.add(Arguments.of("JSON object for token", json("{\"token\":{\"$ne\":null}}"), 400));
    cases.add(
        Arguments.of(
            "JSON with invalid UTF-8",
            MattermostRequests.post(
                "/hooks/mattermost",
                null,
                "application/json",
                new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'}),
            400));
    cases.add(Arguments.of("JSON nested 1500 deep", json(nested(1500)), 400));
    cases.add(
        Arguments.of(
            "text/plain content type",
            MattermostRequests.post(
                "/hooks/mattermost", null, "text/plain", ascii(validForm("echo hi"))),
            415));
    cases.add(
        Arguments.of(
            "no content type",
            MattermostRequests.post("/hooks/mattermost", null, null, ascii(validForm("echo hi"))),
            415));
    cases.add(
        Arguments.of(
            "JSON posted to the slash endpoint",
            MattermostRequests.post(
                "/commands/mattermost", SLASH_TOKEN, "application/json", ascii("{}")),
            415));
    cases.add(
        Arguments.of(
            "multipart form",
            MattermostRequests.post(
                "/hooks/mattermost", null, "multipart/form-data; boundary=x", ascii("--x--")),
            415));
    cases.add(
        Arguments.of(
            "declared body over the limit",
            MattermostRequests.post(
                "/hooks/mattermost",
                null,
                "application/x-www-form-urlencoded",
                ascii(tokenHead + "text=" + "a".repeat(LIMIT))),
            413));
    cases.add(
        Arguments.of(
            "chunked body over the limit",
            raw(
                "POST /hooks/mattermost HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
                chunked(LIMIT * 2)),
            413));
    cases.add(
        Arguments.of(
            "slash command without leading slash",
            MattermostRequests.post(
                "/commands/mattermost",
                SLASH_TOKEN,
                "application/x-www-form-urlencoded",
                ascii(slashForm(SLASH_TOKEN, "echo"))),
            400));
    cases.add(
        Arguments.of(
            "PUT on the webhook path",
            ascii("PUT /hooks/mattermost HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
            405));
    cases.add(
        Arguments.of(
            "GET on the webhook path",
            ascii("GET /hooks/mattermost HTTP/1.1\r\nHost: x\r\n\r\n"),
            405));
    cases.add(
        Arguments.of(
            "DELETE on the slash path",
            ascii("DELETE /commands/mattermost HTTP/1.1\r\nHost: x\r\n\r\n"),
            405));
    cases.add(
        Arguments.of(
            "unknown path",
            ascii("POST /hooks/other HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
            404));
    cases.add(
        Arguments.of(
            "path traversal", ascii("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"), 404));
    cases.add(
        Arguments.of(
            "negative Content-Length",
            ascii(
                "POST /hooks/mattermost HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n"),
            400));
    return cases.stream();
  }

  static byte[] chunked(int total) {
    StringBuilder s = new StringBuilder();
    String chunk = "a".repeat(1000);
    for (int sent = 0; sent < total; sent += chunk.length()) {
      s.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    s.append("0\r\n\r\n");
    return ascii(s.toString());
  }

  @Order(1)
  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("hostile")
  void hostile_request_gets_the_right_client_error(String name, byte[] request, int status) {
    RawHttp.Response response = RawHttp.send(service.port(), request);

    assertThat(response.status()).as(name).isEqualTo(status);
    if (!response.body().isEmpty()) {
      assertThat(response.header("content-type")).as(name).startsWith("application/json");
      assertThat(new JsonObject(response.body()).containsKey("text")).as(name).isFalse();
    }
  }

  @Order(2)
  @Test
  void service_is_still_healthy_and_answering_after_all_of_them() {
    assertThat(
            RawHttp.send(service.port(), ascii("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
                .status())
        .isEqualTo(200);
    RawHttp.Response answer =
        RawHttp.send(service.port(), MattermostRequests.webhookForm(HOOK_TOKEN, "echo still here"));
    assertThat(new JsonObject(answer.body()).getString("text")).isEqualTo("still here");
  }
}
