package dev.commandeer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** A config that must be refused, with the path of its problem and words the message must hold. */
record Refusal(String yaml, String path, List<String> words) {

  static Refusal refuses(String yaml, String path, String... words) {
    return new Refusal(yaml, path, List.of(words));
  }

  void check() {
    ConfigResult result = ConfigLoader.fromYaml(yaml, Map.of());

    assertThat(result.config()).isEmpty();
    assertThat(result.problems())
        .filteredOn(p -> p.path().equals(path))
        .singleElement()
        .extracting(ConfigProblem::message)
        .asString()
        .contains(words);
  }

  @Override
  public String toString() {
    return path + " <- " + yaml.replace("\n", " ⏎ ");
  }
}
