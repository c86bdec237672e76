package dev.commandeer;

import dev.commandeer.command.BuiltinCommands;
import dev.commandeer.command.CommandCatalog;
import dev.commandeer.command.Dispatcher;
import dev.commandeer.command.Housekeeping;
import dev.commandeer.command.ProgramCommands;
import dev.commandeer.command.RunGate;
import dev.commandeer.command.RunMetrics;
import dev.commandeer.config.Config;
import dev.commandeer.config.LiveConfig;
import dev.commandeer.exec.ChildEnvironment;
import dev.commandeer.exec.LauncherStart;
import dev.commandeer.exec.ProcessRunner;
import dev.commandeer.exec.RunLimiter;
import dev.commandeer.http.Health;
import dev.commandeer.reply.Bot;
import dev.commandeer.reply.LaterReplies;
import dev.commandeer.reply.MattermostBot;
import dev.commandeer.reply.MattermostClient;
import dev.commandeer.reply.MattermostClientOptions;
import dev.commandeer.reply.NoBot;
import dev.commandeer.reply.NoOutbox;
import dev.commandeer.reply.Outbox;
import dev.commandeer.reply.ReplyOutbox;
import dev.commandeer.reply.ReplyPlanner;
import dev.commandeer.reply.ReplySender;
import dev.commandeer.store.RunIds;
import dev.commandeer.store.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;

/** Everything below the HTTP server, shared by {@code serve} and {@code try}. */
record Parts(
    LiveConfig live,
    Dispatcher dispatcher,
    ProgramCommands programs,
    ProcessRunner runner,
    Optional<MattermostClient> mattermost,
    Outbox outbox,
    Housekeeping housekeeping,
    Store store,
    Health health) {

  static Parts build(
      Vertx vertx, Config config, MeterRegistry registry, Store store, LauncherStart launcher) {
    Clock clock = Clock.systemUTC();
    String instanceId = instanceId();
    LiveConfig live = new LiveConfig(config);
    Optional<MattermostClient> mattermost =
        config.mattermost().baseUrl().isPresent()
            ? Optional.of(
                new MattermostClient(
                    vertx, config.mattermost(), MattermostClientOptions.defaults(), registry))
            : Optional.empty();
    Bot bot =
        mattermost.isPresent() && config.mattermost().canPost()
            ? new MattermostBot(mattermost.get())
            : new NoBot();
    Outbox outbox =
        mattermost
            .<Outbox>map(
                client ->
                    new ReplyOutbox(
                        vertx, new ReplySender(client), store, instanceId, clock, registry))
            .orElseGet(NoOutbox::new);
    ReplyPlanner planner =
        new ReplyPlanner(
            vertx,
            config.server().inlineBudget(),
            bot,
            outbox,
            store,
            new LaterReplies(vertx, bot, outbox, store));
    ProcessRunner runner = new ProcessRunner(vertx, launcher);
    RunMetrics runMetrics = new RunMetrics(registry);
    RunLimiter limiter = new RunLimiter(config.limits().running(), config.limits().queue());
    Gauge.builder("commandeer.runs.running", limiter, RunLimiter::running)
        .description("Programs running now")
        .register(registry);
    Gauge.builder("commandeer.runs.queued", limiter, RunLimiter::queued)
        .description("Runs waiting for a free slot")
        .register(registry);
    ProgramCommands programs =
        new ProgramCommands(
            vertx,
            runner,
            limiter,
            new ChildEnvironment(System.getenv()),
            planner,
            runMetrics,
            store,
            clock);
    CommandCatalog catalog = new CommandCatalog(config);
    Dispatcher dispatcher =
        new Dispatcher(
            planner,
            catalog,
            new BuiltinCommands(store, catalog, config, programs::cancel),
            programs,
            new RunGate(store, live.section(Config::limits), instanceId, clock),
            clock,
            runMetrics);
    Housekeeping housekeeping =
        new Housekeeping(
            vertx, store, instanceId, programs, bot, outbox, config.store().keepHistory());
    return new Parts(
        live,
        dispatcher,
        programs,
        runner,
        mattermost,
        outbox,
        housekeeping,
        store,
        new Health(store::ping));
  }

  /** One process lifetime: a restarted process is a new instance. */
  private static String instanceId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "commandeer");
    return host + "-" + RunIds.next();
  }
}
