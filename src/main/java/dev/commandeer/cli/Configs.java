package dev.commandeer.cli;

import dev.commandeer.config.Config;
import dev.commandeer.config.ConfigLoader;
import dev.commandeer.config.ConfigProblem;
import dev.commandeer.config.ConfigResult;
import java.nio.file.Path;
import java.util.Optional;

/** Loads the configuration the way every sub-command does, printing problems to stderr. */
final class Configs {

  private Configs() {}

  static ConfigResult read(Path file) {
    return ConfigLoader.loadDefault(Optional.ofNullable(file), Path.of(""), System.getenv());
  }

  /** The configuration, or null after printing every problem. */
  static Config load(Path file) {
    ConfigResult result = read(file);
    if (result.ok()) {
      return result.config().orElseThrow();
    }
    System.err.println("commandeer: the configuration has problems:");
    for (ConfigProblem problem : result.problems()) {
      System.err.println("  " + problem);
    }
    return null;
  }
}
