package dev.commandeer.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Reply;
import dev.commandeer.config.Config;
import dev.commandeer.exec.ChildEnvironment;
import dev.commandeer.exec.ProcessRunner;
import dev.commandeer.exec.RunLimiter;
import dev.commandeer.http.TestService;
import dev.commandeer.reply.LaterReplies;
import dev.commandeer.reply.NoBot;
import dev.commandeer.reply.NoOutbox;
import dev.commandeer.reply.ReplyPlanner;
import dev.commandeer.store.MemoryStore;
import dev.commandeer.store.RunRecord;
import dev.commandeer.store.RunStatus;
import dev.commandeer.store.Store;
import dev.commandeer.webhook.WebhookConversation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shutdown against runs at every stage: none may start a program once stopping began. */
class ProgramShutdownTest {

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();
  final MemoryStore memory = new MemoryStore();
  final Promise<Boolean> startRunAnswer = Promise.promise();
  ProcessRunner runner;

  @AfterEach
  void close() {
    if (runner != null) {
      runner.close();
    }
    vertx.close().await();
  }

  /** The memory store, except that moving a run to running waits for the test to say so. */
  Store slowToStart() {
    return (Store)
        Proxy.newProxyInstance(
            Store.class.getClassLoader(),
            new Class<?>[] {Store.class},
            (proxy, method, args) ->
                method.getName().equals("startRun")
                    ? startRunAnswer.future()
                    : method.invoke(memory, args));
  }

  @Test
  void a_run_that_got_its_slot_but_had_not_started_is_not_started_once_stopping() throws Exception {
    Path marker = dir.resolve("started");
    Config config =
        TestService.config(
            """
            tokens: [{name: hook, value: hook-token-0123456789}]
            commands:
              mark:
                run: [/usr/bin/touch, "%s"]
            """
                .formatted(marker));
    Store store = slowToStart();
    runner = new ProcessRunner(vertx);
    ProgramCommands programs =
        new ProgramCommands(
            vertx,
            runner,
            new RunLimiter(4, 10),
            new ChildEnvironment(Map.of()),
            new ReplyPlanner(
                vertx,
                Duration.ofSeconds(30),
                new NoBot(),
                new NoOutbox(),
                store,
                new LaterReplies(vertx, new NoBot(), new NoOutbox(), store)),
            new RunMetrics(new SimpleMeterRegistry()),
            store,
            Clock.systemUTC());
    var invocation = Fixtures.webhook("mark", "mark");
    var run = (Resolution.Run) new CommandCatalog(config).resolve(invocation, Fixtures.ANY_TOKEN);
    String runId =
        memory
            .insertRun(RunRecord.queued("me", RunOrigins.of(invocation), "mark", "", Instant.now()))
            .result()
            .id();

    Future<Reply> reply = programs.run(run, new WebhookConversation(invocation), runId);
    Future<Void> stopped = programs.shutdown(Duration.ofSeconds(30));

    assertThat(stopped.isComplete()).as("shutdown waits for the run holding a slot").isFalse();
    startRunAnswer.complete(true);
    stopped.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(reply.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).text())
        .contains("was not started", "restarting");
    assertThat(marker).as("the program never ran").doesNotExist();
    assertThat(runner.running()).isZero();
    assertThat(memory.findRun(runId).result().orElseThrow().status())
        .isEqualTo(RunStatus.INTERRUPTED);
  }
}
