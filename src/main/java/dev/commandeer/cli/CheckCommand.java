package dev.commandeer.cli;

import dev.commandeer.config.Config;
import dev.commandeer.config.ConfigProblem;
import dev.commandeer.config.ConfigResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code commandeer check}: validates a configuration and prints every problem with its path. */
@Command(name = "check", description = "Validate a configuration file; exit 0 when it is valid.")
final class CheckCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
  Path config;

  @Override
  public Integer call() {
    ConfigResult result = Configs.read(config);
    if (!result.ok()) {
      for (ConfigProblem problem : result.problems()) {
        System.out.println(problem);
      }
      System.out.println(
          result.problems().size() + (result.problems().size() == 1 ? " problem" : " problems"));
      return 1;
    }
    Config c = result.config().orElseThrow();
    System.out.printf(
        "OK: %d command%s, %d token%s, port %d, %s store%n",
        c.commands().size(),
        c.commands().size() == 1 ? "" : "s",
        c.tokens().size(),
        c.tokens().size() == 1 ? "" : "s",
        c.server().port(),
        c.store().inMemory() ? "in-memory" : "PostgreSQL");
    return 0;
  }
}
