package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies of the helper that processes killed or crashed left behind are removed; live ones stay.
 */
class SpawnerCopiesTest {

  @TempDir Path tmp;

  static URL binary(String content) throws IOException {
    return new URL(
        null,
        "test:commandeer-spawn",
        new URLStreamHandler() {
          @Override
          protected URLConnection openConnection(URL url) {
            return new URLConnection(url) {
              @Override
              public void connect() {}

              @Override
              public InputStream getInputStream() {
                return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
              }
            };
          }
        });
  }

  /** A copy as a JVM that was killed leaves it: in-use file, no lock on it. */
  Path leftBehind(String name) throws IOException {
    Path dir = Files.createDirectory(tmp.resolve(SpawnerCopies.PREFIX + name));
    Files.writeString(dir.resolve(SpawnerCopies.IN_USE), "");
    Files.writeString(dir.resolve(SpawnerCopies.BINARY), "old");
    return dir;
  }

  @Test
  void a_copy_is_private_and_holds_the_content() throws IOException {
    Path file = SpawnerCopies.extract(binary("#!binary"), tmp);

    assertThat(file).hasContent("#!binary");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rwx------");
  }

  @Test
  void copies_of_processes_that_ended_are_removed_and_live_ones_kept() throws Exception {
    Path dead = leftBehind("dead");
    Path held = leftBehind("held");
    Path young = Files.createDirectory(tmp.resolve(SpawnerCopies.PREFIX + "being-written"));
    Path oldWithoutLock = Files.createDirectory(tmp.resolve(SpawnerCopies.PREFIX + "old"));
    Files.setLastModifiedTime(oldWithoutLock, FileTime.from(Instant.now().minusSeconds(3600)));
    Path unrelated = Files.createDirectory(tmp.resolve("something-else"));
    Process holder = holdLock(held.resolve(SpawnerCopies.IN_USE));
    try {
      Path ours = SpawnerCopies.extract(binary("x"), tmp).getParent();

      assertThat(dead).as("removed by the new copy's start").doesNotExist();
      assertThat(oldWithoutLock).doesNotExist();
      assertThat(held).as("its process still runs").exists();
      assertThat(young).as("another JVM may be writing it").exists();
      assertThat(unrelated).exists();
      assertThat(SpawnerCopies.removeAbandoned(tmp)).as("this JVM's own copy stays").isZero();
      assertThat(ours).exists();
    } finally {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    assertThat(SpawnerCopies.removeAbandoned(tmp)).as("its process ended").isEqualTo(1);
    assertThat(held).doesNotExist();
  }

  /** Another process that locks {@code file} as a live copy's JVM does, until it is killed. */
  static Process holdLock(Path file) throws Exception {
    Path source = file.getParent().getParent().resolve("Hold.java");
    Files.writeString(
        source,
        """
        import java.nio.channels.FileChannel;
        import java.nio.file.*;
        public class Hold {
          public static void main(String[] a) throws Exception {
            FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);
            c.lock();
            System.out.println("locked");
            System.in.read(); // holds the lock until the test ends this process
          }
        }
        """);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(List.of(java, source.toString(), file.toString()))
            .redirectErrorStream(true)
            .start();
    String line =
        new String(process.getInputStream().readNBytes("locked".length()), StandardCharsets.UTF_8);
    if (!line.equals("locked")) {
      process.waitFor(10, TimeUnit.SECONDS);
      line += new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(line).startsWith("locked");
    return process;
  }
}
