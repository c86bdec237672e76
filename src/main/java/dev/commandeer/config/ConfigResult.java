package dev.commandeer.config;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of loading a configuration: the config when nothing is wrong, otherwise every problem
 * found, each naming its path (print them one per line with {@link ConfigProblem#toString()}).
 */
public record ConfigResult(Optional<Config> config, List<ConfigProblem> problems) {

  public ConfigResult {
    problems = List.copyOf(problems);
    if (config.isPresent() != problems.isEmpty()) {
      throw new IllegalArgumentException("a config is present exactly when there are no problems");
    }
  }

  static ConfigResult of(Config config, Problems problems) {
    return problems.isEmpty() ? new ConfigResult(Optional.of(config), List.of()) : failed(problems);
  }

  static ConfigResult failed(Problems problems) {
    return new ConfigResult(Optional.empty(), problems.list());
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
