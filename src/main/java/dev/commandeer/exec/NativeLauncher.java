package dev.commandeer.exec;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts programs through {@code commandeer-spawn}, a small C process that posix_spawns each
 * program as the leader of its own session, collects its output, reaps it and signals its group: no
 * exec besides the program's own, and no thread per program.
 *
 * <p>The binary is the one named by the system property {@code commandeer.spawner}, or the one this
 * jar carries for the platform, copied to a private temporary directory. Should it die, the runs it
 * was watching are killed and reported as aborted, and the next start starts it again; if that
 * fails, programs are started by the JDK from then on.
 */
final class NativeLauncher implements Launcher {

  static final String SPAWNER_PROPERTY = "commandeer.spawner";

  private static final Logger log = LoggerFactory.getLogger(NativeLauncher.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final Path binary;
  private final ProcessTreeKiller killer;
  private final JdkLauncher fallback;
  private Spawner spawner; // guarded by this; null once the JDK took over
  private boolean closed; // guarded by this

  private NativeLauncher(Path binary, ProcessTreeKiller killer, JdkLauncher fallback)
      throws IOException {
    this.binary = binary;
    this.killer = killer;
    this.fallback = fallback;
    this.spawner = Spawner.start(binary, killer);
  }

  /**
   * Finds the binary and starts it.
   *
   * @throws IOException saying why the native launcher is not available
   */
  static NativeLauncher start(Path setsid, Path kill) throws IOException {
    return new NativeLauncher(
        locateBinary(), new ProcessTreeKiller(setsid, kill), new JdkLauncher(setsid, kill));
  }

  /** Whether this build carries {@code commandeer-spawn} for the platform it runs on. */
  static boolean bundled() {
    return isLinux() && NativeLauncher.class.getResource(resource()) != null;
  }

  Path binary() {
    return binary;
  }

  /** The running spawner's pid, -1 when there is none. */
  synchronized long spawnerPid() {
    return spawner == null ? -1 : spawner.pid();
  }

  @Override
  public Child start(ProcessSpec spec, Path program) throws LaunchException {
    Spawner current = current();
    return current == null ? fallback.start(spec, program) : current.spawn(spec, program);
  }

  /**
   * Starts a program without blocking, or returns null when that cannot be done now (closed, or the
   * spawner has to be started again first: {@link #start} does that).
   */
  CompletableFuture<NativeChild> startWithoutBlocking(ProcessSpec spec, Path program) {
    Spawner current;
    synchronized (this) {
      current = closed || spawner == null || !spawner.works() ? null : spawner;
    }
    return current == null ? null : current.spawnAsync(spec, program);
  }

  @Override
  public synchronized boolean killsGroups() {
    return spawner != null || fallback.killsGroups();
  }

  @Override
  public void close() {
    Spawner last;
    synchronized (this) {
      closed = true;
      last = spawner;
      spawner = null;
    }
    if (last != null) {
      last.close(CLOSE_WAIT);
    }
    fallback.close();
  }

  private synchronized Spawner current() throws LaunchException {
    if (closed) {
      throw LaunchException.closed();
    }
    if (spawner == null || spawner.works()) {
      return spawner;
    }
    try {
      spawner = Spawner.start(binary, killer);
      log.warn("commandeer-spawn started again (pid {})", spawner.pid());
    } catch (IOException e) {
      log.error(
          "commandeer-spawn cannot be started again ({}): programs are started by the JDK from now"
              + " on",
          e.getMessage());
      spawner = null;
    }
    return spawner;
  }

  private static Path locateBinary() throws IOException {
    String configured = System.getProperty(SPAWNER_PROPERTY, "");
    if (!configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        throw new IOException(SPAWNER_PROPERTY + "=" + configured + " is not an executable file");
      }
      return path;
    }
    if (!isLinux()) {
      throw new IOException("there is no native launcher for " + System.getProperty("os.name"));
    }
    URL resource = NativeLauncher.class.getResource(resource());
    if (resource == null) {
      throw new IOException(
          "this build has no native launcher for linux-" + arch() + " (it was built without gcc)");
    }
    return SpawnerCopies.extract(resource, Path.of(System.getProperty("java.io.tmpdir")));
  }

  private static String resource() {
    return "/dev/commandeer/exec/native/linux-" + arch() + "/commandeer-spawn";
  }

  private static String arch() {
    return System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
  }

  private static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
  }
}
