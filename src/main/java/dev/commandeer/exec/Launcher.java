package dev.commandeer.exec;

import dev.commandeer.exec.ProcessResult.Output;
import dev.commandeer.exec.ProcessTreeKiller.Signal;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Starts programs and reports on them: {@link JdkLauncher} through {@link ProcessBuilder}, {@link
 * NativeLauncher} through the {@code commandeer-spawn} process. {@link ProcessRun} decides when to
 * signal; a launcher only carries it out.
 */
interface Launcher {

  /** What a program wrote on its two streams. */
  record Outputs(Output stdout, Output stderr) {
    static final Outputs EMPTY = new Outputs(Output.EMPTY, Output.EMPTY);
  }

  /** Why a program could not be started, or why a launcher lost one it had started. */
  final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
      super(message);
    }

    /** For a start asked of a launcher that was closed: nothing was started. */
    static LaunchException closed() {
      return new LaunchException("the launcher is closed");
    }
  }

  /**
   * Starts {@code program} (already located, absolute) with the rest of {@code spec}'s argv, its
   * environment and working directory, stdin from {@code /dev/null}, as the leader of its own
   * process group where the launcher can do that. May block for a few milliseconds.
   *
   * @throws LaunchException with the reason, when the program did not start
   */
  Child start(ProcessSpec spec, Path program) throws LaunchException;

  /** Whether a signal reaches the program's whole process group. */
  boolean killsGroups();

  /** Kills whatever is still running and frees the launcher's threads and processes. */
  void close();

  /** A started program. */
  interface Child {

    long pid();

    /**
     * Completes with the exit status, 128 + the signal number when a signal ended the program;
     * fails with a {@link LaunchException} when the launcher lost the program.
     */
    CompletableFuture<Integer> exit();

    /**
     * Completes once both streams ended, or with what was read so far after {@link #release()};
     * fails with a {@link LaunchException} when the launcher lost the output.
     */
    CompletableFuture<Outputs> output();

    /**
     * Sends {@code signal} to the program and its tree; completes with whether anything was still
     * there to signal, never fails.
     */
    CompletableFuture<Boolean> signal(Signal signal);

    /** Sends KILL to the tree now, for shutdown; may block briefly. */
    void killNow();

    /**
     * Nothing more will be asked about this program: stop reading its output ({@link #output()}
     * completes with what was read so far) and forget it. Only the first call counts.
     */
    void release();
  }
}
