package dev.commandeer.http;

import dev.commandeer.Commandeer;
import dev.commandeer.config.Config;
import dev.commandeer.config.ConfigLoader;
import dev.commandeer.config.ConfigResult;
import java.util.Map;

/** Starts the real service on a free port from a YAML text, as tests need it. */
public final class TestService {

  private TestService() {}

  public static Config config(String yaml) {
    ConfigResult result = ConfigLoader.fromYaml(yaml, Map.of());
    if (!result.ok()) {
      throw new IllegalArgumentException("test config has problems: " + result.problems());
    }
    return result.config().orElseThrow();
  }

  public static Commandeer start(String yaml) {
    return Commandeer.start(config(yaml)).await();
  }
}
