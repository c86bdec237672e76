package dev.commandeer.exec;

import dev.commandeer.exec.Launcher.LaunchException;
import dev.commandeer.exec.ProcessTreeKiller.Signal;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running {@code commandeer-spawn}. Requests go through a single writer thread, so no caller
 * ever blocks on the pipe; one reader thread ({@link SpawnReplies}) turns replies into completed
 * futures of the {@link NativeChild} they are about. When the process ends, every program still
 * awaited is killed and reported as lost.
 */
final class Spawner {

  private static final Logger log = LoggerFactory.getLogger(Spawner.class);
  private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int TEXT_BUSY_ATTEMPTS = 8; // pauses of 10 ms doubling: 1.3 s in all

  private final Process process;
  private final OutputStream out;
  private final ThreadPoolExecutor writer;
  private final Thread reader;
  private final ProcessTreeKiller killer;
  private final Map<Long, NativeChild> children = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final CompletableFuture<Void> hello = new CompletableFuture<>();

  /** Why this spawner can no longer be used; null while it works. */
  private volatile String gone;

  private volatile boolean closing;

  private Spawner(Process process, ProcessTreeKiller killer) {
    this.process = process;
    this.killer = killer;
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(process.getInputStream(), 65536));
    this.out = new BufferedOutputStream(process.getOutputStream(), 65536);
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> daemon(task, "commandeer-spawn-writer-" + process.pid()));
    SpawnReplies replies =
        new SpawnReplies(
            in,
            children,
            () -> hello.complete(null),
            cause -> {
              hello.completeExceptionally(cause);
              lost(cause);
            });
    this.reader = daemon(replies, "commandeer-spawn-reader-" + process.pid());
    reader.start();
  }

  /** Starts {@code binary} with an empty environment and checks that it speaks this protocol. */
  static Spawner start(Path binary, ProcessTreeKiller killer) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(binary.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().clear();
    Spawner spawner = new Spawner(launch(builder), killer);
    try {
      spawner.hello.get(HELLO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return spawner;
    } catch (ExecutionException e) {
      spawner.process.destroyForcibly();
      throw new IOException(binary + " is not a working commandeer-spawn: " + e.getCause(), e);
    } catch (TimeoutException e) {
      spawner.process.destroyForcibly();
      throw new IOException(binary + " did not greet within " + HELLO_TIMEOUT.toSeconds() + "s");
    } catch (InterruptedException e) {
      spawner.process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + binary);
    }
  }

  /**
   * Starts the process, again after a short pause while exec fails with ETXTBSY: a child another
   * thread just forked may still hold the freshly written binary open, until it execs or exits.
   */
  private static Process launch(ProcessBuilder builder) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return builder.start();
      } catch (IOException e) {
        if (attempt == TEXT_BUSY_ATTEMPTS
            || !String.valueOf(e.getMessage()).contains("error=26,")) {
          throw e;
        }
      }
      try {
        Thread.sleep(5L << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting " + builder.command().get(0), e);
      }
    }
  }

  long pid() {
    return process.pid();
  }

  boolean works() {
    return gone == null;
  }

  /** Starts a program and waits for the spawner's answer. */
  NativeChild spawn(ProcessSpec spec, Path program) throws LaunchException {
    long id = ids.incrementAndGet();
    byte[] request = SpawnProtocol.spawn(id, spec, program);
    NativeChild child = new NativeChild(this, id, spec.maxOutputBytes());
    children.put(id, child);
    if (gone != null) {
      children.remove(id);
      throw new LaunchException(gone);
    }
    send(request);
    try {
      child.awaitStart(START_TIMEOUT);
      return child;
    } catch (LaunchException e) {
      children.remove(id);
      throw e;
    } catch (TimeoutException e) {
      abandon(child);
      throw new LaunchException("commandeer-spawn did not answer within " + START_TIMEOUT);
    } catch (InterruptedException e) {
      abandon(child);
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while starting");
    }
  }

  /**
   * Starts a program without waiting: completes with the child once the spawner answered STARTED,
   * or fails with a {@link LaunchException} (FAILED, spawner gone, no answer within the start
   * timeout).
   */
  CompletableFuture<NativeChild> spawnAsync(ProcessSpec spec, Path program) {
    long id = ids.incrementAndGet();
    byte[] request;
    try {
      request = SpawnProtocol.spawn(id, spec, program);
    } catch (LaunchException e) {
      return CompletableFuture.failedFuture(e);
    }
    NativeChild child = new NativeChild(this, id, spec.maxOutputBytes());
    children.put(id, child);
    if (gone != null) {
      children.remove(id);
      return CompletableFuture.failedFuture(new LaunchException(gone));
    }
    send(request);
    return child
        .whenStarted()
        .orTimeout(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (pid, e) -> {
              if (e == null) {
                return child;
              }
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              if (cause instanceof TimeoutException) {
                abandon(child);
                throw new CompletionException(
                    new LaunchException("commandeer-spawn did not answer within " + START_TIMEOUT));
              }
              children.remove(id);
              throw new CompletionException(cause);
            });
  }

  /** The program may start all the same: the spawner kills and forgets it when it gets there. */
  private void abandon(NativeChild child) {
    child.signal(Signal.KILL);
    child.release();
    children.remove(child.id());
  }

  void send(byte[] frame) {
    execute(() -> write(frame));
  }

  /** Sends {@code frame} after running {@code before} on the writer thread, off any event loop. */
  void send(byte[] frame, Runnable before) {
    execute(
        () -> {
          try {
            before.run();
          } catch (RuntimeException e) {
            log.warn("Before sending a request to commandeer-spawn: {}", e.toString());
          }
          write(frame);
        });
  }

  /** Asks the spawner to forget the child; its entry stays until the final OUTPUT is read. */
  void release(NativeChild child) {
    send(SpawnProtocol.release(child.id()));
    if (child.output().isDone()) {
      children.remove(child.id());
    }
  }

  /**
   * Closes the spawner's stdin, which makes it kill every group it started and report their ends,
   * and waits up to {@code wait} for it to exit.
   */
  void close(Duration wait) {
    closing = true;
    execute(this::closeQuietly);
    writer.shutdown();
    try {
      if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
      reader.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void execute(Runnable task) {
    try {
      writer.execute(task);
    } catch (RejectedExecutionException e) {
      // Closed or gone: the reader completes whatever still waits for an answer.
    }
  }

  private void write(byte[] frame) {
    try {
      out.write(frame);
      if (writer.getQueue().isEmpty()) {
        out.flush();
      }
    } catch (IOException e) {
      // The spawner is gone; the reader sees the end of its output and reports it.
    }
  }

  private void closeQuietly() {
    try {
      out.close();
    } catch (IOException e) {
      // Gone already: it has nothing left to kill.
    }
  }

  private void lost(Exception cause) {
    String why =
        closing ? "commandeer-spawn was closed" : "commandeer-spawn stopped: " + describeEnd(cause);
    gone = why;
    writer.shutdown();
    if (!closing && !hello.isCompletedExceptionally()) {
      log.error(
          "{}; programs it was running: {}, killed and reported as aborted", why, children.size());
    }
    children.values().forEach(child -> child.lost(why, !closing, killer));
    children.clear();
  }

  private String describeEnd(Exception cause) {
    if (!(cause instanceof EOFException)) {
      process.destroyForcibly();
      return "unreadable reply (" + cause.getMessage() + ")";
    }
    try {
      if (process.waitFor(2, TimeUnit.SECONDS)) {
        int status = process.exitValue();
        return status > 128 ? "killed by signal " + (status - 128) : "exit status " + status;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    return "its output ended";
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
