package dev.commandeer.replicas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commandeer as operators run it: {@code java -jar target/commandeer.jar --config FILE} in a
 * process of its own, so a test can stop it with SIGTERM or kill it with SIGKILL.
 */
final class ServiceProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

  private final Process process;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();

  private record Watch(String words, CompletableFuture<String> line) {}

  private ServiceProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readLog, "service-log-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  static ServiceProcess start(Path dir, String name, String yaml) {
    return start(dir, name, yaml, List.of(), List.of());
  }

  /** With options for the JVM before {@code -jar}, and arguments after the config's. */
  static ServiceProcess start(
      Path dir, String name, String yaml, List<String> javaOptions, List<String> arguments) {
    try {
      Path config = dir.resolve(name + ".yaml");
      Files.writeString(config, yaml);
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(javaOptions);
      command.addAll(List.of("-jar", jar().toString(), "serve", "--config", config.toString()));
      command.addAll(arguments);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().keySet().removeIf(k -> k.startsWith("COMMANDEER_"));
      ServiceProcess service = new ServiceProcess(builder.start());
      service.port();
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path jar() {
    Path jar = Path.of("target", "commandeer.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("target/commandeer.jar is missing: run mvn package first");
    }
    return jar;
  }

  /** The port it listens on, once it says so in its log. */
  int port() {
    try {
      return port.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "the service did not start; its log:\n" + String.join("\n", log), e);
    }
  }

  List<String> log() {
    return log;
  }

  /** Waits until the service logs a line containing {@code words}, and returns that line. */
  String awaitLine(String words) {
    Watch watch = new Watch(words, new CompletableFuture<>());
    watches.add(watch);
    log.stream().filter(l -> l.contains(words)).findFirst().ifPresent(watch.line()::complete);
    try {
      return watch.line().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(
          "no log line with '" + words + "'; the log:\n" + String.join("\n", log), e);
    }
  }

  /** SIGTERM, then wait for the graceful stop. */
  int stop() throws InterruptedException {
    signalTerm();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return process.exitValue();
  }

  /**
   * Sends SIGTERM as Kubernetes or systemd would, without waiting. Not {@link Process#destroy()}:
   * that also closes our end of its output, and the log of the shutdown would be lost.
   */
  void signalTerm() {
    try {
      new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the process to end and returns its exit status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      throw new AssertionError("the service did not stop; its log:\n" + String.join("\n", log));
    }
    return process.exitValue();
  }

  /** SIGKILL: the process dies at once, as in a crash or an OOM kill. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void readLog() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        log.add(line);
        for (Watch watch : watches) {
          if (line.contains(watch.words())) {
            watch.line().complete(line);
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      // The process went away; what it logged so far is kept.
    }
    port.completeExceptionally(new IllegalStateException("the service exited"));
  }
}
