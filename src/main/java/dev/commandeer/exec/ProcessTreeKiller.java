package dev.commandeer.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts programs so that their whole tree can be found again, and signals that tree.
 *
 * <p>With {@code setsid} and {@code kill} available, each program leads a new session and process
 * group (its pid is the group id), so one signal to the group reaches every descendant, also ones
 * that were backgrounded with {@code &} or whose parent already died. Because a child started by
 * the JVM is never a group leader, {@code setsid} does not fork: it calls setsid(2) and execs the
 * program in place, so the pid the JVM tracks and the exit status it sees are the program's own
 * ({@code --wait} only keeps the status right should it ever fork). Without those tools the tree is
 * what {@link ProcessHandle#descendants()} finds while the program still lives.
 *
 * <p>Signalling blocks (it may start {@code kill}); call it on a worker thread.
 */
final class ProcessTreeKiller {

  enum Signal {
    TERM,
    KILL
  }

  private static final Logger log = LoggerFactory.getLogger(ProcessTreeKiller.class);

  private final Path setsid;
  private final Path kill;
  private final boolean groups;

  ProcessTreeKiller(Path setsid, Path kill) {
    this.setsid = setsid;
    this.kill = kill;
    this.groups = Files.isExecutable(setsid) && Files.isExecutable(kill);
  }

  boolean killsGroups() {
    return groups;
  }

  /** The command that starts {@code program} with {@code args} as the leader of its own group. */
  List<String> launchCommand(Path program, List<String> args) {
    List<String> command = new ArrayList<>(args.size() + 3);
    if (groups) {
      command.add(setsid.toString());
      command.add("--wait");
    }
    command.add(program.toString());
    command.addAll(args);
    return command;
  }

  /**
   * Sends {@code signal} to the program's group and to every process of its tree, the program first
   * so that it cannot react to its children's end: the ones in {@code known} (collected by earlier
   * calls) and the descendants it has now, which are added to {@code known} before anything is
   * signalled.
   *
   * @param known handles of the tree found so far; must be a concurrent set
   * @return whether anything was still there to signal
   */
  boolean signal(ProcessHandle program, Signal signal, Set<ProcessHandle> known) {
    if (program.isAlive()) {
      program.descendants().forEach(known::add);
    }
    boolean found = groups && signalGroup(program.pid(), signal);
    found |= send(program, signal);
    for (ProcessHandle handle : known) {
      found |= send(handle, signal);
    }
    return found;
  }

  /**
   * Sends {@code signal} to the process group that {@code pid} leads and to {@code pid} itself: for
   * a program started as a group leader by another process that can no longer signal it.
   */
  boolean signalGroupLeader(long pid, Signal signal) {
    boolean found = Files.isExecutable(kill) && signalGroup(pid, signal);
    return ProcessHandle.of(pid).map(handle -> send(handle, signal)).orElse(false) || found;
  }

  /** Signals one process, unless it ended (its start time guards against a reused pid). */
  static boolean send(ProcessHandle handle, Signal signal) {
    if (!handle.isAlive()) {
      return false;
    }
    return signal == Signal.TERM ? handle.destroy() : handle.destroyForcibly();
  }

  private boolean signalGroup(long groupId, Signal signal) {
    ProcessBuilder builder =
        new ProcessBuilder(kill.toString(), "-s", signal.name(), "--", "-" + groupId)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    try {
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      log.warn("Could not signal process group {}: {}", groupId, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
