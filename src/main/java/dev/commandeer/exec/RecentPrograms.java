package dev.commandeer.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Programs found recently, by name, {@code PATH} and working directory. Finding one and checking
 * its working directory touch the file system, which an event loop must not wait for; a run whose
 * program was found before goes straight to {@code commandeer-spawn}. Once an entry is older than
 * {@link #KEEP} the next run still uses it, and claims one check of the file system on a worker
 * thread ({@link Lookup#recheck()}), which keeps or drops the entry: so runs never queue for a
 * worker while a program stays where it is. Should the file be gone, the spawner reports that
 * itself ("No such file or directory"), so a stale entry changes only the wording of a start error,
 * once.
 */
final class RecentPrograms {

  static final Duration KEEP = Duration.ofSeconds(5);
  private static final int MAX_ENTRIES = 256;

  private record Key(String program, String searchPath, Path cwd) {}

  private static final class Found {
    final Path path;
    final long checkedNanos;
    final AtomicBoolean rechecking = new AtomicBoolean();

    Found(Path path, long checkedNanos) {
      this.path = path;
      this.checkedNanos = checkedNanos;
    }
  }

  /**
   * @param path the program's absolute path; null when it was not found recently
   * @param recheck whether this caller should check the file system again (at most one caller per
   *     entry and period)
   */
  record Lookup(Path path, boolean recheck) {
    static final Lookup NONE = new Lookup(null, false);
  }

  private final Map<Key, Found> found = new ConcurrentHashMap<>();
  private final long keepNanos;

  RecentPrograms() {
    this(KEEP);
  }

  RecentPrograms(Duration keep) {
    this.keepNanos = keep.toNanos();
  }

  Lookup get(ProcessSpec spec) {
    Found entry = found.get(key(spec));
    if (entry == null) {
      return Lookup.NONE;
    }
    boolean stale = System.nanoTime() - entry.checkedNanos >= keepNanos;
    return new Lookup(entry.path, stale && entry.rechecking.compareAndSet(false, true));
  }

  void put(ProcessSpec spec, Path program) {
    if (found.size() >= MAX_ENTRIES) {
      found.clear(); // names come from the configuration: only a reload makes new ones
    }
    found.put(key(spec), new Found(Objects.requireNonNull(program), System.nanoTime()));
  }

  void remove(ProcessSpec spec) {
    found.remove(key(spec));
  }

  private static Key key(ProcessSpec spec) {
    return new Key(spec.argv().get(0), spec.env().get("PATH"), spec.cwd());
  }
}
