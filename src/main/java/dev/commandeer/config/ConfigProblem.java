package dev.commandeer.config;

/**
 * One thing wrong with a configuration, named by its path such as {@code
 * commands.deploy.args[1].choices}.
 */
public record ConfigProblem(String path, String message) {

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
