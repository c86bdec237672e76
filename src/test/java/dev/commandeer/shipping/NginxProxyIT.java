package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx with the shipped configuration in front of the real service jar, on loopback, and requests
 * shaped byte for byte like Mattermost's: what passes, what is refused, what is logged.
 */
class NginxProxyIT {

  /** The tokens in the request fixtures; the service below is configured to accept them. */
  private static final String HOOK_TOKEN = "9ngqs5hiqjdkbyxwbgxhbs5cge";

  private static final String SLASH_TOKEN = "3wy6jjbe4fgf3qu1kqzarx6s7w";

  private static final int SERVICE_BODY_LIMIT = 65536;

  /** The address the test's allow list names for Mattermost; 127.0.0.3 gets its own bucket. */
  private static final String MATTERMOST = "127.0.0.1";

  private static final String BURSTING_MATTERMOST = "127.0.0.3";
  private static final String STRANGER = "127.0.0.2";

  @TempDir static Path dir;

  private static ChildProcess service;
  private static ChildProcess nginx;
  private static RawHttpClient https;
  private static RawHttpClient http;
  private static RawHttpClient direct;
  private static Path accessLog;
  private static Path errorLog;

  @BeforeAll
  static void start_the_service_behind_nginx() throws IOException {
    Path nginxBinary = Tools.require("nginx", "nginx");
    Path openssl = Tools.require("openssl", "openssl");
    Path jar = ProjectFiles.path("target/commandeer.jar");
    assertThat(jar).as("the service jar (mvn package builds it before this test)").exists();
    int servicePort = freePort();
    int httpsPort = freePort();
    int httpPort = freePort();

    Path config = dir.resolve("commandeer.yaml");
    Files.writeString(config, serviceConfig(servicePort), StandardCharsets.UTF_8);
    service =
        ChildProcess.start(
            "commandeer",
            dir,
            List.of(
                Tools.java().toString(), "-jar", jar.toString(), "--config", config.toString()));
    direct = RawHttpClient.plain(servicePort);
    service.awaitReady(Duration.ofSeconds(90), () -> answers(direct, "/readyz", 200));

    Path root = Files.createDirectories(dir.resolve("nginx"));
    Path main =
        NginxSite.render(
            root,
            httpsPort,
            httpPort,
            servicePort,
            List.of(MATTERMOST, BURSTING_MATTERMOST),
            "1r/m");
    SelfSignedCertificate certificate =
        SelfSignedCertificate.create(
            openssl,
            root.resolve("etc/tls/commandeer.crt"),
            root.resolve("etc/tls/commandeer.key"));
    accessLog = root.resolve("log/access.log");
    errorLog = root.resolve("log/error.log");
    ProcessRun.of(
            Duration.ofSeconds(30),
            root,
            List.of(
                nginxBinary.toString(),
                "-t",
                "-p",
                root.toString(),
                "-c",
                main.toString(),
                "-e",
                errorLog.toString()))
        .succeeded();
    nginx =
        ChildProcess.start(
            "nginx",
            root,
            List.of(
                nginxBinary.toString(),
                "-p",
                root.toString(),
                "-c",
                main.toString(),
                "-e",
                errorLog.toString(),
                "-g",
                "daemon off;"));
    https = RawHttpClient.https(certificate.trustingOnlyThis(), httpsPort);
    http = RawHttpClient.plain(httpPort);
    nginx.awaitReady(Duration.ofSeconds(30), () -> answers(https, "/", 404));
  }

  @AfterAll
  static void stop_both() {
    if (nginx != null) {
      nginx.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void outgoing_webhook_as_a_form_comes_back_as_a_thread_reply() {
    HttpAnswer answer =
        https.send(
            FixtureRequest.load("outgoing-webhook-form.http")
                .with("text", "echo hello")
                .with("trigger_word", "echo")
                .bytes());

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.json().path("text").asText()).contains("hello");
    assertThat(answer.json().path("response_type").asText()).isEqualTo("comment");
  }

  @Test
  void outgoing_webhook_as_json_comes_back_as_a_thread_reply() {
    HttpAnswer answer =
        https.send(
            FixtureRequest.load("outgoing-webhook-json.http")
                .with("text", "echo hello from json")
                .with("trigger_word", "echo")
                .bytes());

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.json().path("text").asText()).contains("hello from json");
  }

  @Test
  void slash_command_gets_an_answer_mattermost_shows() {
    HttpAnswer answer =
        https.send(
            FixtureRequest.load("slash-command-post.http")
                .with("command", "/echo")
                .with("text", "hello")
                .bytes());

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    assertThat(answer.json().path("response_type").asText()).isIn("ephemeral", "in_channel");
    assertThat(answer.json().path("text").asText()).contains("hello");
  }

  @Test
  void unknown_token_gets_the_services_401_with_nothing_to_post() {
    HttpAnswer answer =
        https.send(
            FixtureRequest.load("outgoing-webhook-form.http")
                .with("token", "not-the-token")
                .with("text", "echo hello")
                .bytes());

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.json().has("text")).isFalse();
  }

  @Test
  void health_readiness_and_metrics_are_not_found_through_nginx_though_the_service_serves_them() {
    for (String path : List.of("/metrics", "/healthz", "/readyz")) {
      assertThat(get(direct, path).status()).as("service %s", path).isEqualTo(200);
      assertThat(get(https, path).status()).as("nginx %s", path).isEqualTo(404);
    }
    assertThat(get(https, "/hooks/mattermost/../../metrics").status()).isEqualTo(404);
    assertThat(get(https, "/hooks/mattermost/x").status()).isEqualTo(404);
    assertThat(
            https
                .send(
                    FixtureRequest.load("outgoing-webhook-form.http")
                        .withRequestLine("POST", "/metrics")
                        .bytes())
                .status())
        .isEqualTo(404);
  }

  @Test
  void body_larger_than_the_service_accepts_is_refused_with_413_by_nginx() {
    HttpAnswer answer =
        https.send(
            FixtureRequest.load("outgoing-webhook-form.http")
                .with("text", "echo " + "a".repeat(SERVICE_BODY_LIMIT))
                .bytes());

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.body()).as("nginx's own answer").contains("nginx");
  }

  @Test
  void body_exactly_at_the_service_limit_passes_nginx() {
    FixtureRequest base =
        FixtureRequest.load("outgoing-webhook-form.http").with("text", "echo hello");
    String padding = "&padding=" + "a".repeat(SERVICE_BODY_LIMIT - base.body().length() - 9);
    FixtureRequest atLimit = base.withBody(base.body() + padding);

    assertThat(atLimit.body()).hasSize(SERVICE_BODY_LIMIT);
    assertThat(https.send(atLimit.bytes()).status()).isNotEqualTo(413).isLessThan(500);
  }

  @Test
  void methods_other_than_post_are_refused_with_405() {
    HttpAnswer getCommand = https.send(FixtureRequest.load("slash-command-get.http").bytes());
    HttpAnswer putHook =
        https.send(
            FixtureRequest.load("outgoing-webhook-form.http")
                .withRequestLine("PUT", "/hooks/mattermost")
                .bytes());
    HttpAnswer getHook = get(https, "/hooks/mattermost");

    for (HttpAnswer answer : List.of(getCommand, putHook, getHook)) {
      assertThat(answer.status()).isEqualTo(405);
      assertThat(answer.header("Allow")).isEqualTo("POST");
    }
  }

  @Test
  void access_log_keeps_paths_but_no_query_string_and_no_token() throws IOException {
    FixtureRequest getCommand = FixtureRequest.load("slash-command-get.http");
    assertThat(getCommand.target()).contains("token=" + SLASH_TOKEN);

    https.send(getCommand.bytes());
    https.send(FixtureRequest.load("slash-command-post.http").with("command", "/echo").bytes());
    nginx.awaitReady(
        Duration.ofSeconds(10),
        () -> read(accessLog).contains("\"GET /commands/mattermost HTTP/1.1\" 405"));

    String log = read(accessLog);
    assertThat(log).contains("\"POST /commands/mattermost HTTP/1.1\"");
    assertThat(log).doesNotContain(SLASH_TOKEN, HOOK_TOKEN, "token=", "?");
    assertThat(read(errorLog)).doesNotContain(SLASH_TOKEN, HOOK_TOKEN);
  }

  @Test
  void callers_not_on_the_allow_list_are_refused_with_403() {
    HttpAnswer answer =
        https.sendFrom(
            STRANGER,
            FixtureRequest.load("outgoing-webhook-form.http").with("text", "echo hello").bytes());

    assertThat(answer.status()).isEqualTo(403);
  }

  @Test
  void a_burst_beyond_the_rate_limit_is_answered_with_429() {
    byte[] request =
        FixtureRequest.load("outgoing-webhook-form.http")
            .with("token", "not-the-token")
            .with("text", "echo burst")
            .bytes();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      statuses.add(https.sendFrom(BURSTING_MATTERMOST, request).status());
    }

    assertThat(statuses.subList(0, 40)).as("the burst allowance").doesNotContain(429);
    assertThat(statuses.get(statuses.size() - 1)).isEqualTo(429);
  }

  @Test
  void plain_http_is_only_redirected_to_https() {
    HttpAnswer answer =
        http.send(
            FixtureRequest.load("outgoing-webhook-form.http").with("text", "echo hello").bytes());

    assertThat(answer.status()).isEqualTo(301);
    assertThat(answer.header("Location")).startsWith("https://").endsWith("/hooks/mattermost");
  }

  private static String serviceConfig(int port) {
    return """
        server:
          host: 127.0.0.1
          port: %d
          maxBodyBytes: %d
        tokens:
          - name: fixture-webhook
            value: %s
          - name: fixture-slash
            value: %s
        commands:
          echo:
            builtin: echo
        """
        .formatted(port, SERVICE_BODY_LIMIT, HOOK_TOKEN, SLASH_TOKEN);
  }

  private static HttpAnswer get(RawHttpClient client, String path) {
    return client.send("GET " + path + " HTTP/1.1\r\nHost: commandeer.example\r\n\r\n");
  }

  private static boolean answers(RawHttpClient client, String path, int status) {
    try {
      return get(client, path).status() == status;
    } catch (UncheckedIOException notYet) {
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
