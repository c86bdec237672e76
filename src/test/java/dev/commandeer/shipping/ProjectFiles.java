package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests run in (Maven starts them in the project directory). */
final class ProjectFiles {

  private ProjectFiles() {}

  static Path root() {
    Path root = Path.of("").toAbsolutePath();
    assertThat(root.resolve("pom.xml")).as("tests run from the project directory").exists();
    return root;
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
