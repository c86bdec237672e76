package dev.commandeer.replicas;

import static dev.commandeer.http.MattermostRequests.HOOK_TOKEN;
import static dev.commandeer.http.MattermostRequests.SLASH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.http.MattermostRequests;
import dev.commandeer.http.RawHttp;
import dev.commandeer.reply.FakeMattermost;
import dev.commandeer.reply.FakePost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as an operator meets it, in a process of its own: graceful shutdown on SIGTERM,
 * Prometheus metrics, JSON logs, and logs that never carry a secret.
 */
class OperationsIT {

  static final String BOT_TOKEN = "bot-token-that-must-never-be-logged-42";
  static final String CHANNEL = "4xp9fdt77pncbef59f4k1qe83o";

  @TempDir Path dir;
  Vertx vertx;
  FakeMattermost mattermost;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mattermost = FakeMattermost.start(vertx, BOT_TOKEN).await();
  }

  @AfterEach
  void stop() {
    mattermost.close().await();
    vertx.close().await();
  }

  String config(String server, String log) {
    return """
        server: {port: 0, inlineBudget: 500ms, %s}
        mattermost: {url: "%s", botToken: "%s", timeout: 1s}
        tokens:
          - {name: hook, value: %s}
          - {name: slash, value: %s}
        log: {%s}
        commands:
          echo: {builtin: echo}
          nap:
            run: [/bin/sh, -c, 'echo $$ > "$2"; sleep "$1"; echo "slept $1"', nap, "{seconds}", "%s"]
            args: [{name: seconds, pattern: "[0-9]{1,2}"}]
          inlinenap:
            run: [/bin/sh, -c, 'sleep "$1"; echo "slept $1"', nap, "{seconds}"]
            args: [{name: seconds, pattern: "[0-9]{1,2}"}]
            reply: inline
        """
        .formatted(
            server,
            mattermost.baseUrl(),
            BOT_TOKEN,
            HOOK_TOKEN,
            SLASH_TOKEN,
            log,
            dir.resolve("nap.pid"));
  }

  static RawHttp.Response webhook(ServiceProcess service, String postId, String text) {
    return RawHttp.send(
        service.port(), MattermostRequests.webhookForm(HOOK_TOKEN, text, postId, CHANNEL));
  }

  static RawHttp.Response get(ServiceProcess service, String path) {
    return RawHttp.send(service.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
  }

  @Test
  void exit_when_ready_is_a_training_run_that_records_a_class_data_archive() throws Exception {
    Path archive = dir.resolve("commandeer.jsa");
    try (ServiceProcess training =
        ServiceProcess.start(
            dir,
            "training",
            config("", ""),
            List.of("-XX:ArchiveClassesAtExit=" + archive),
            List.of("--exit-when-ready"))) {
      assertThat(training.awaitExit()).isZero();
      assertThat(training.log()).anyMatch(line -> line.contains("Commandeer stopped"));
    }
    assertThat(Files.size(archive)).isGreaterThan(1_000_000);

    try (ServiceProcess service =
        ServiceProcess.start(
            dir,
            "from-archive",
            config("", ""),
            List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info"),
            List.of())) {
      assertThat(get(service, "/readyz").status()).isEqualTo(200);
      assertThat(service.log())
          .as("classes come from the archive")
          .anyMatch(line -> line.contains("dev.commandeer.Commandeer source: shared objects file"));
      assertThat(service.log())
          .as("and so do those that answer a request: the training start answered one")
          .anyMatch(
              line ->
                  line.contains(
                      "io.vertx.core.http.impl.Http1xServerConnection source: shared objects file"));
    }
  }

  @Test
  void sigterm_finishes_the_request_in_flight_and_refuses_new_ones() throws Exception {
    try (ServiceProcess service =
        ServiceProcess.start(dir, "graceful", config("shutdownGrace: 20s", ""))) {
      String trigger = mattermost.seedPost(CHANNEL, "");
      CompletableFuture<RawHttp.Response> inFlight =
          CompletableFuture.supplyAsync(() -> webhook(service, trigger, "inlinenap 3"));
      service.awaitLine("run ");

      service.signalTerm();
      service.awaitLine("shutting down");

      assertThat(get(service, "/readyz").status()).isEqualTo(503);
      RawHttp.Response refused = webhook(service, mattermost.seedPost(CHANNEL, ""), "echo hi");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(new JsonObject(refused.body()).containsKey("text")).isFalse();
      RawHttp.Response finished = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(new JsonObject(finished.body()).getString("text")).contains("slept 3");
      assertThat(service.awaitExit()).as("exit status after SIGTERM").isIn(0, 143);
    }
  }

  @Test
  void a_program_still_running_after_the_grace_is_killed_and_reported_in_its_thread()
      throws Exception {
    try (ServiceProcess service =
        ServiceProcess.start(dir, "grace", config("shutdownGrace: 1s", ""))) {
      String trigger = mattermost.seedPost(CHANNEL, "");
      webhook(service, trigger, "nap 60");
      mattermost
          .until(() -> mattermost.posts().stream().anyMatch(p -> p.message().contains("running")))
          .timeout(30, TimeUnit.SECONDS)
          .await();
      long pid = Long.parseLong(Files.readString(dir.resolve("nap.pid")).trim());

      service.signalTerm();

      assertThat(service.awaitExit()).as("exit status after SIGTERM").isIn(0, 143);
      FakePost report =
          mattermost.posts().stream()
              .filter(p -> p.message().contains("interrupted"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no report: " + mattermost.posts()));
      assertThat(report.rootId()).isEqualTo(trigger);
      assertThat(report.message()).contains("shutting down").contains("nap 60");
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @Test
  void metrics_show_requests_by_route_runs_and_replies_in_prometheus_format() throws Exception {
    try (ServiceProcess service = ServiceProcess.start(dir, "metrics", config("", ""))) {
      webhook(service, mattermost.seedPost(CHANNEL, ""), "echo counted");
      webhook(service, mattermost.seedPost(CHANNEL, ""), "inlinenap 0");
      RawHttp.send(service.port(), MattermostRequests.webhookForm("wrong-token-123", "echo x"));

      String metrics = get(service, "/metrics").body();

      assertThat(metrics)
          .contains("vertx_http_server_requests_total{")
          .contains("route=\"/hooks/mattermost\"")
          .contains("commandeer_runs_total{command=\"inlinenap\",outcome=\"ok\"}")
          .contains("commandeer_run_duration_seconds_bucket{command=\"inlinenap\"")
          .contains("commandeer_auth_failures_total{reason=\"unknown\"}")
          .contains("commandeer_runs_queued")
          .contains("commandeer_outbox_pending")
          .contains("commandeer_mattermost_breaker_state");
      assertThat(metrics).doesNotContain("z1cd6cer72z0dg4h977ylgcyyx").doesNotContain(HOOK_TOKEN);
      assertThat(metrics)
          .as("each pool has series of its own")
          .contains(
              "vertx_pool_queue_pending{pool_name=\"vert.x-worker-thread\",pool_type=\"worker\"}");
    }
  }

  @Test
  void json_logs_are_one_object_per_line_and_no_secret_is_ever_logged() throws Exception {
    try (ServiceProcess service =
        ServiceProcess.start(dir, "json", config("", "format: json, level: DEBUG"))) {
      String trigger = mattermost.seedPost(CHANNEL, "");
      webhook(service, trigger, "nap 1");
      RawHttp.send(service.port(), MattermostRequests.slashGet(SLASH_TOKEN, "/echo", "hi"));
      RawHttp.send(service.port(), MattermostRequests.webhookForm("wrong-token-123", "echo x"));
      mattermost
          .until(() -> mattermost.posts().stream().anyMatch(p -> p.message().contains("slept")))
          .timeout(30, TimeUnit.SECONDS)
          .await();
      service.signalTerm();
      service.awaitExit();

      List<String> lines = service.log();
      assertThat(lines).isNotEmpty();
      for (String line : lines) {
        assertThat(line).doesNotContain(HOOK_TOKEN, SLASH_TOKEN, BOT_TOKEN, "wrong-token-123");
        JsonObject json = new JsonObject(line);
        assertThat(json.containsKey("level")).as(line).isTrue();
      }
      assertThat(lines.stream().filter(l -> l.contains("run ")).count()).isPositive();
    }
  }
}
