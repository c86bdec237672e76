package dev.commandeer.replicas;

import static dev.commandeer.http.MattermostRequests.HOOK_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.http.MattermostRequests;
import dev.commandeer.http.RawHttp;
import dev.commandeer.reply.FakeMattermost;
import dev.commandeer.reply.FakePost;
import dev.commandeer.store.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several replicas of the real service on one PostgreSQL, started as operators start them: one run
 * per Mattermost post, replies that survive a restart while Mattermost is down, runs of a killed
 * replica reported as interrupted, and rate limits shared by all.
 */
class ReplicasIT {

  static final String BOT_TOKEN = "bot-token-for-replica-tests-0123";
  static final String CHANNEL = "4xp9fdt77pncbef59f4k1qe83o";

  @TempDir Path dir;
  Vertx vertx;
  FakeMattermost mattermost;
  TestDatabase database;

  @BeforeEach
  void start() {
    database = TestDatabase.withFreshSchema();
    vertx = Vertx.vertx();
    mattermost = FakeMattermost.start(vertx, BOT_TOKEN).await();
  }

  @AfterEach
  void stop() {
    mattermost.close().await();
    vertx.close().await();
    database.drop();
  }

  String config(String limits) {
    return """
        server: {port: 0, inlineBudget: 300ms, shutdownGrace: 5s}
        mattermost: {url: "%s", botToken: "%s", timeout: 1s}
        store: {url: "%s"}
        tokens: [{name: hook, value: %s}]
        limits: {%s}
        commands:
          hello:
            run: [/bin/sh, -c, 'echo ran >> "$1"; echo "hello from a replica"', hello, "%s"]
          slow:
            run: [/bin/sh, -c, 'sleep "$1"; echo "slept $1"', slow, "{seconds}"]
            args: [{name: seconds, pattern: "[0-9]{1,2}"}]
            reply: thread
        """
        .formatted(
            mattermost.baseUrl(),
            BOT_TOKEN,
            database.url(),
            HOOK_TOKEN,
            limits,
            dir.resolve("hello.runs"));
  }

  ServiceProcess replica(String name, String limits) {
    return ServiceProcess.start(dir, name, config(limits));
  }

  static RawHttp.Response webhook(ServiceProcess replica, String postId, String text) {
    return RawHttp.send(
        replica.port(), MattermostRequests.webhookForm(HOOK_TOKEN, text, postId, CHANNEL));
  }

  static String text(RawHttp.Response response) {
    return new JsonObject(response.body()).getString("text", "");
  }

  List<FakePost> postsContaining(String words) {
    return mattermost.posts().stream().filter(p -> p.message().contains(words)).toList();
  }

  void awaitPost(String words) {
    mattermost.until(() -> !postsContaining(words).isEmpty()).timeout(60, TimeUnit.SECONDS).await();
  }

  @Test
  void the_same_post_delivered_to_two_replicas_runs_once() throws Exception {
    try (ServiceProcess a = replica("a", "perUser: none");
        ServiceProcess b = replica("b", "perUser: none")) {
      String post = mattermost.seedPost(CHANNEL, "");

      String first = text(webhook(a, post, "hello"));
      String second = text(webhook(b, post, "hello"));

      assertThat(first).contains("hello from a replica");
      assertThat(second).as("the copy posts nothing").isEmpty();
      assertThat(java.nio.file.Files.readAllLines(dir.resolve("hello.runs"))).hasSize(1);
    }
  }

  @Test
  void a_reply_waiting_for_mattermost_survives_a_restart_and_arrives_once() throws Exception {
    String post = mattermost.seedPost(CHANNEL, "");
    mattermost.down().await();
    try (ServiceProcess a = replica("a", "perUser: none")) {
      RawHttp.Response ack = webhook(a, post, "slow 1");
      assertThat(text(ack)).contains("⏳");
      a.awaitLine("did not take the reply");
      assertThat(a.stop()).as("exit status after SIGTERM").isIn(0, 143);
    }
    mattermost.up().await();
    try (ServiceProcess b = replica("b", "perUser: none")) {
      awaitPost("slept 1");
      assertThat(postsContaining("slept 1")).hasSize(1);
      assertThat(postsContaining("slept 1").get(0).rootId()).isEqualTo(post);
    }
  }

  @Test
  void a_run_left_by_a_killed_replica_is_reported_interrupted_in_its_thread() throws Exception {
    try (ServiceProcess a = replica("a", "perUser: none");
        ServiceProcess b = replica("b", "perUser: none")) {
      String post = mattermost.seedPost(CHANNEL, "");
      webhook(a, post, "slow 30");
      awaitPost("running `slow 30`");

      a.kill();

      awaitPost("interrupted by a restart");
      FakePost notice = postsContaining("interrupted by a restart").get(0);
      assertThat(notice.rootId()).isEqualTo(post);
      assertThat(notice.message()).contains("slow 30");
    }
  }

  @Test
  void a_user_rate_limit_holds_across_replicas() throws Exception {
    try (ServiceProcess a = replica("a", "perUser: 2/1m");
        ServiceProcess b = replica("b", "perUser: 2/1m")) {
      String one = text(webhook(a, mattermost.seedPost(CHANNEL, ""), "hello"));
      String two = text(webhook(b, mattermost.seedPost(CHANNEL, ""), "hello"));
      String three = text(webhook(a, mattermost.seedPost(CHANNEL, ""), "hello"));

      assertThat(one).contains("hello from a replica");
      assertThat(two).contains("hello from a replica");
      assertThat(three).contains("Slow down").doesNotContain("hello from a replica");
    }
  }
}
