import dev.commandeer.exec.ProcessResult;
import dev.commandeer.exec.ProcessRunner;
import dev.commandeer.exec.ProcessRunner.LaunchMode;
import dev.commandeer.exec.ProcessSpec;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many {@code /bin/echo} runs per second {@link ProcessRunner} completes with each launcher,
 * one at a time and with several in flight. Not part of the test suite: run it by hand on a quiet
 * machine, after {@code mvn -B -q package -DskipTests}.
 *
 * <pre>
 * java -cp target/commandeer.jar bench/LauncherThroughput.java [RUNS] [IN_FLIGHT]
 * </pre>
 *
 * <p>The JDK launcher runs with {@code jdk.lang.Process.launchMechanism=VFORK}, as {@code
 * commandeer.jar} sets it on JDK 17 to 22; pass {@code -Djdk.lang.Process.launchMechanism=...}
 * before {@code -cp} to measure another mechanism.
 */
public final class LauncherThroughput {

  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    if (System.getProperty("jdk.lang.Process.launchMechanism") == null) {
      System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
    }
    System.out.printf(
        "%d runs of /bin/echo each; JDK launch mechanism %s; %d cores%n",
        runs,
        System.getProperty("jdk.lang.Process.launchMechanism"),
        Runtime.getRuntime().availableProcessors());
    Vertx vertx = Vertx.vertx();
    for (LaunchMode mode : List.of(LaunchMode.JDK, LaunchMode.NATIVE)) {
      ProcessRunner runner =
          new ProcessRunner(vertx, ProcessRunner.Options.defaults().withLauncher(mode));
      measure(runner, Math.min(runs, 300), inFlight); // warm-up
      double sequential = measure(runner, runs, 1);
      double concurrent = measure(runner, runs, inFlight);
      System.out.printf(
          "%-6s  sequential %7.0f runs/s   %2d in flight %7.0f runs/s%n",
          mode, sequential, inFlight, concurrent);
      runner.close();
    }
    vertx.close().await();
  }

  /** Runs/s for {@code runs} runs with {@code inFlight} threads, each starting and awaiting one. */
  private static double measure(ProcessRunner runner, int runs, int inFlight) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(inFlight);
    List<Future<?>> lanes = new ArrayList<>();
    long start = System.nanoTime();
    for (int lane = 0; lane < inFlight; lane++) {
      int share = runs / inFlight + (lane < runs % inFlight ? 1 : 0);
      lanes.add(threads.submit(() -> runMany(runner, share)));
    }
    for (Future<?> lane : lanes) {
      lane.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    threads.shutdown();
    return runs / seconds;
  }

  private static Void runMany(ProcessRunner runner, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      ProcessSpec spec =
          new ProcessSpec(
              "bench-" + i, List.of("/bin/echo", "hello"), ENV, null, Duration.ofSeconds(30), 4096);
      ProcessResult result = runner.start(spec).result().toCompletionStage().toCompletableFuture().get();
      if (!result.succeeded() || !result.stdout().text().equals("hello\n")) {
        throw new IllegalStateException("unexpected result: " + result);
      }
    }
    return null;
  }
}
