package dev.commandeer.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Programs found in the last few seconds, by name, {@code PATH} and working directory. Finding one
 * and checking its working directory touch the file system, which an event loop must not wait for;
 * a run whose program was found recently goes straight to {@code commandeer-spawn}. Should the file
 * be gone since, the spawner reports that itself ("No such file or directory"), so a stale entry
 * changes only the wording of a start error.
 */
final class RecentPrograms {

  static final Duration KEEP = Duration.ofSeconds(5);
  private static final int MAX_ENTRIES = 256;

  private record Key(String program, String searchPath, Path cwd) {}

  private record Found(Path path, long untilNanos) {}

  private final Map<Key, Found> found = new ConcurrentHashMap<>();
  private final long keepNanos;

  RecentPrograms() {
    this(KEEP);
  }

  RecentPrograms(Duration keep) {
    this.keepNanos = keep.toNanos();
  }

  /** The program's absolute path when it was found within {@link #KEEP}; null otherwise. */
  Path get(ProcessSpec spec) {
    Found entry = found.get(key(spec));
    return entry != null && System.nanoTime() - entry.untilNanos() < 0 ? entry.path() : null;
  }

  void put(ProcessSpec spec, Path program) {
    if (found.size() >= MAX_ENTRIES) {
      found.clear(); // names come from the configuration: only a reload makes new ones
    }
    found.put(key(spec), new Found(Objects.requireNonNull(program), System.nanoTime() + keepNanos));
  }

  private static Key key(ProcessSpec spec) {
    return new Key(spec.argv().get(0), spec.env().get("PATH"), spec.cwd());
  }
}
