package dev.commandeer;

import dev.commandeer.chat.Conversation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.exec.LauncherStart;
import dev.commandeer.http.CommandeerServer;
import dev.commandeer.http.HttpIngress;
import dev.commandeer.http.HttpMetrics;
import dev.commandeer.http.Tokens;
import dev.commandeer.reply.MattermostClient;
import dev.commandeer.slash.SlashRequest;
import dev.commandeer.store.MemoryStore;
import dev.commandeer.store.Store;
import dev.commandeer.webhook.WebhookRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a running service from a {@link Config} with {@code
 * new}, deploys the HTTP server, and takes it all down again in order.
 */
public final class Commandeer {

  private static final Logger LOG = LoggerFactory.getLogger(Commandeer.class);
  private static final Duration START_FAILURE_CLOSE = Duration.ofSeconds(10);
  private static final Duration OUTBOX_FLUSH = Duration.ofSeconds(5);

  private final Config config;
  private final Foundation foundation;
  private final Vertx vertx;
  private final Parts parts;
  private final CommandeerServer server;

  private Commandeer(Config config, Foundation foundation, Parts parts, CommandeerServer server) {
    this.config = config;
    this.foundation = foundation;
    this.vertx = foundation.vertx();
    this.parts = parts;
    this.server = server;
  }

  /** Starts a service; the future completes once it listens. */
  public static Future<Commandeer> start(Config config) {
    return start(config, Foundation.build());
  }

  /** Starts a service on a {@link Foundation} built for it; completes once it listens. */
  public static Future<Commandeer> start(Config config, Foundation foundation) {
    return start(config, foundation, LauncherStart.ahead());
  }

  /**
   * Starts a service on a {@link Foundation} still being built, as {@code serve} does: the program
   * launcher starts meanwhile. Completes once the service listens.
   */
  public static Future<Commandeer> start(Config config, CompletableFuture<Foundation> foundation) {
    LauncherStart launcher = LauncherStart.ahead();
    return Future.fromCompletionStage(foundation)
        .onFailure(e -> launcher.discard())
        .compose(built -> start(config, built, launcher));
  }

  private static Future<Commandeer> start(
      Config config, Foundation foundation, LauncherStart launcher) {
    Vertx vertx = foundation.vertx();
    Promise<Commandeer> started = Promise.promise();
    List<Runnable> undo = new CopyOnWriteArrayList<>();
    undo.add(launcher::discard);
    Future<Void> jvmMetrics = foundation.bindJvmMetrics();
    undo.add(foundation::closeJvmMetrics);
    // The runner takes the launcher while the service is put together, which may be on an event
    // loop (after the database migration): by then it must be up, not still being waited for.
    Future<Commandeer> deployed =
        Store.open(vertx, config.store())
            .compose(store -> Future.fromCompletionStage(launcher.settled()).map(store))
            .compose(store -> deploy(config, foundation, store, launcher, undo));
    Future.all(deployed, jvmMetrics)
        .map(all -> deployed.result())
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                started.complete(ar.result());
              } else {
                closeAfterFailedStart(vertx, undo, ar.cause(), started);
              }
            });
    return started.future();
  }

  /**
   * Stops what the start had started ({@code undo}: the program launcher and its helper process)
   * and closes Vert.x, off Vert.x's own threads, then fails the start: closed from an event loop,
   * the close would complete on that loop after it stopped, and nobody would learn why the start
   * failed (a port already in use left the process hanging).
   */
  private static void closeAfterFailedStart(
      Vertx vertx, List<Runnable> undo, Throwable cause, Promise<Commandeer> started) {
    Thread closer =
        new Thread(
            () -> {
              undo.forEach(Commandeer::quietly);
              try {
                vertx
                    .close()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(START_FAILURE_CLOSE.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Vert.x did not close cleanly after the failed start: {}", e.toString());
              }
              started.fail(cause);
            },
            "commandeer-start-failed");
    closer.setDaemon(true);
    closer.start();
  }

  private static void quietly(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("While stopping after the failed start: {}", e.toString());
    }
  }

  private static Future<Commandeer> deploy(
      Config config,
      Foundation foundation,
      Store store,
      LauncherStart launcher,
      List<Runnable> undo) {
    Vertx vertx = foundation.vertx();
    PrometheusMeterRegistry registry = foundation.registry();
    Parts parts = Parts.build(vertx, config, registry, store, launcher);
    undo.add(parts.runner()::close);
    if (config.store().inMemory()) {
      LOG.warn(
          "No database configured (store.url): history and replies still waiting for Mattermost"
              + " are kept in memory and lost when Commandeer stops");
    }
    CommandeerServer server =
        new CommandeerServer(
            config,
            ingresses(),
            new Tokens(parts.live().section(Config::tokens)),
            parts.dispatcher(),
            parts.health(),
            new HttpMetrics(registry),
            PrometheusScrapingHandler.create(registry));
    if (!config.mattermost().canPost()) {
      LOG.info(
          "No bot account configured (mattermost.url, mattermost.botToken): results that take"
              + " longer than {} can only be answered through a slash command's response_url",
          config.server().inlineBudget());
    }
    return parts
        .housekeeping()
        .start()
        .compose(v -> vertx.deployVerticle(server))
        .onSuccess(id -> parts.outbox().start())
        .map(id -> new Commandeer(config, foundation, parts, server))
        .onSuccess(c -> LOG.info("Commandeer listening on port {}", c.port()));
  }

  /** The ways Mattermost calls in: outgoing webhooks and slash commands. */
  private static List<HttpIngress> ingresses() {
    return List.of(
        new HttpIngress(
            "/hooks/mattermost",
            Set.of(HttpMethod.POST),
            List.of(HttpIngress.FORM, HttpIngress.JSON),
            f -> WebhookRequest.from(f.form(), f.json())),
        new HttpIngress(
            "/commands/mattermost",
            Set.of(HttpMethod.POST, HttpMethod.GET),
            List.of(HttpIngress.FORM),
            f -> SlashRequest.from(f.form(), f.authorization())));
  }

  /** Runs one conversation without a server, as {@code commandeer try} does, and waits for it. */
  public static Future<Reply> tryOnce(Config config, Conversation conversation, TokenConfig token) {
    Vertx vertx = Vertx.vertx();
    Parts parts =
        Parts.build(
            vertx,
            config,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new MemoryStore(),
            LauncherStart.ahead());
    return parts.dispatcher().dispatch(conversation, token).eventually(vertx::close);
  }

  /**
   * The configuration itself when it has tokens; otherwise one with a random token, announced once
   * in the log, so a first try works without writing any config.
   */
  public static Config withStartupToken(Config config) {
    if (!config.tokens().isEmpty()) {
      return config;
    }
    byte[] random = new byte[20];
    new SecureRandom().nextBytes(random);
    String value = HexFormat.of().formatHex(random);
    LOG.warn(
        "No token is configured, so this run accepts only the generated token {} — put it in"
            + " the Mattermost webhook or slash command, or configure tokens: in commandeer.yaml",
        value);
    return new Config(
        config.server(),
        config.mattermost(),
        config.store(),
        List.of(new TokenConfig("generated", value, List.of())),
        config.commands(),
        config.limits(),
        config.admins(),
        config.log());
  }

  public int port() {
    return server.port();
  }

  /**
   * Shuts down gracefully: readiness fails and new requests get 503, requests being answered
   * finish, running programs get until {@code server.shutdownGrace} and are then stopped and
   * reported, pending replies get a few seconds to reach Mattermost, then everything closes.
   */
  public Future<Void> stop() {
    Duration grace = config.server().shutdownGrace();
    long deadline = System.currentTimeMillis() + grace.toMillis();
    parts.health().drain();
    LOG.info("shutting down: no new requests; waiting up to {} for running work", grace);
    // Completed from the closing thread: listeners must not depend on an event loop that is gone.
    Promise<Void> stopped = Promise.promise();
    server
        .idle(grace)
        .compose(v -> parts.programs().shutdown(remaining(deadline)))
        .compose(v -> server.idle(OUTBOX_FLUSH))
        .compose(v -> parts.outbox().flush(OUTBOX_FLUSH))
        .onComplete(ar -> closeAll(stopped));
    return stopped.future();
  }

  private void closeAll(Promise<Void> stopped) {
    parts.housekeeping().stop();
    foundation.closeJvmMetrics();
    parts.outbox().stop();
    parts.mattermost().ifPresent(MattermostClient::close);
    // The launcher may wait a few seconds for its helper to exit: not on an event loop.
    // vertx.close() answers on no context, so these listeners still run once the loops are gone.
    vertx
        .executeBlocking(
            () -> {
              parts.runner().close();
              return null;
            })
        .eventually(() -> parts.store().close())
        .onComplete(
            closed ->
                vertx
                    .close()
                    .onComplete(
                        ar -> {
                          LOG.info("Commandeer stopped");
                          stopped.complete();
                        }));
  }

  private static Duration remaining(long deadline) {
    return Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis()));
  }
}
