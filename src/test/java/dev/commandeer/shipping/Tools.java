package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs these tests drive. Missing locally, the test is skipped; missing in
 * CI, it fails, so a green build always means the real tool ran.
 */
final class Tools {

  private Tools() {}

  static Path require(String program, String debianPackage) {
    Optional<Path> found = find(program);
    if (found.isPresent()) {
      return found.get();
    }
    String message = "install " + program + " (Debian package " + debianPackage + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private static Optional<Path> find(String program) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
    }
    // Debian installs nginx in /usr/sbin, which is not on an ordinary user's PATH.
    dirs.addAll(List.of("/usr/sbin", "/sbin"));
    return dirs.stream()
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
