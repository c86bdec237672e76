package dev.commandeer.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private copies of {@code commandeer-spawn} that the jar writes under a temporary directory:
 * one directory per copy, readable by this user only. A JVM that ends normally removes its copy;
 * one that was killed or crashed cannot, so each copy holds a lock on its {@code in-use} file for
 * as long as its JVM lives (the kernel drops it when the process dies, however it dies), and every
 * new copy first removes the copies nobody holds any more.
 */
final class SpawnerCopies {

  static final String PREFIX = "commandeer-spawn-";
  static final String IN_USE = "in-use";
  static final String BINARY = "commandeer-spawn";

  private static final Logger log = LoggerFactory.getLogger(SpawnerCopies.class);
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  /** A copy being written by another JVM has no lock yet for an instant: leave young ones be. */
  private static final Duration YOUNG = Duration.ofMinutes(1);

  // Copies of this JVM, with their locks: never opened by the sweep (closing any channel to a
  // file drops every lock this process holds on it), kept for the JVM's life.
  private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();
  private static final List<FileChannel> LOCKS = new CopyOnWriteArrayList<>();

  private SpawnerCopies() {}

  /** Removes abandoned copies under {@code tmp}, then writes a new one and returns the binary. */
  static Path extract(URL resource, Path tmp) throws IOException {
    removeAbandoned(tmp);
    Path dir = Files.createTempDirectory(tmp, PREFIX, PRIVATE);
    OWN.add(dir);
    dir.toFile().deleteOnExit();
    Path inUse = Files.createFile(dir.resolve(IN_USE), PRIVATE);
    inUse.toFile().deleteOnExit();
    FileChannel lock = FileChannel.open(inUse, StandardOpenOption.WRITE);
    lock.lock();
    LOCKS.add(lock);
    Path file = Files.createFile(dir.resolve(BINARY), PRIVATE);
    file.toFile().deleteOnExit();
    try (InputStream in = resource.openStream();
        OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
    return file;
  }

  /** Removes the copies under {@code tmp} whose JVM is gone; returns how many. */
  static int removeAbandoned(Path tmp) {
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        if (!OWN.contains(dir) && abandoned(dir)) {
          Files.deleteIfExists(dir.resolve(BINARY));
          Files.deleteIfExists(dir.resolve(IN_USE));
          Files.deleteIfExists(dir);
          removed++;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Could not remove old copies of commandeer-spawn under {}: {}", tmp, e.toString());
    }
    if (removed > 0) {
      log.info("Removed {} copies of commandeer-spawn left by processes that ended", removed);
    }
    return removed;
  }

  private static boolean abandoned(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.isWritable(dir)) {
      return false;
    }
    Path inUse = dir.resolve(IN_USE);
    if (!Files.isRegularFile(inUse, LinkOption.NOFOLLOW_LINKS)) {
      FileTime made = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS);
      return made.toInstant().isBefore(Instant.now().minus(YOUNG));
    }
    try (FileChannel channel =
        FileChannel.open(inUse, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock held = channel.tryLock();
      return held != null;
    } catch (OverlappingFileLockException | NoSuchFileException e) {
      return false;
    }
  }
}
