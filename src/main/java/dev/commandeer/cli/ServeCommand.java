package dev.commandeer.cli;

import dev.commandeer.Commandeer;
import dev.commandeer.Foundation;
import dev.commandeer.config.Config;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code commandeer serve}: runs the service until the process is asked to stop. */
@Command(name = "serve", description = "Run the service (the default).")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
  Path config;

  @Option(
      names = "--exit-when-ready",
      description =
          "Start, answer one readiness check of its own once ready, stop gracefully and exit 0:"
              + " a training run, e.g. to record a class-data archive (-XX:ArchiveClassesAtExit)"
              + " at image build.")
  boolean exitWhenReady;

  private final CompletableFuture<Foundation> foundation;

  /**
   * @param foundation Vert.x and the meter registry, being built meanwhile (they depend on neither
   *     the options nor the configuration), or null to build them when the command runs
   */
  ServeCommand(CompletableFuture<Foundation> foundation) {
    this.foundation = foundation;
  }

  @Override
  public Integer call() throws InterruptedException {
    CompletableFuture<Foundation> foundation =
        this.foundation != null ? this.foundation : Foundation.prepare();
    Config loaded = Configs.load(config);
    if (loaded == null) {
      Foundation.discard(foundation);
      return 1;
    }
    LogSetup.apply(loaded.log());
    Config effective = Commandeer.withStartupToken(loaded);
    CompletableFuture<Commandeer> started =
        Commandeer.start(effective, foundation).toCompletionStage().toCompletableFuture();
    CountDownLatch stopped = new CountDownLatch(1);
    // Registered before the service is up, so a SIGTERM at any moment still stops it gracefully.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  started
                      .thenCompose(service -> service.stop().toCompletionStage())
                      .exceptionally(e -> null)
                      .join();
                  stopped.countDown();
                },
                "commandeer-shutdown"));
    Commandeer service;
    try {
      service = started.join();
    } catch (RuntimeException e) {
      System.err.println("commandeer: could not start: " + rootMessage(e));
      return 1;
    }
    if (exitWhenReady) {
      TrainingRequest.send(loaded.server().host(), service.port());
      // Through the shutdown hook, exactly as a SIGTERM would stop it.
      System.exit(0);
    }
    stopped.await();
    return 0;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
