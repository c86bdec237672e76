package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configurations that ship in {@code compose/} and {@code k8s/} pass {@code commandeer check}
 * with the environment their containers get: the secret files' names as variables, and whatever the
 * container spec sets.
 */
class ShippedConfigIT {

  @Test
  void playground_config_passes_check_with_the_variables_compose_provides() {
    JsonNode commandeer =
        YamlDocuments.parse(ProjectFiles.read("compose/compose.yaml")).at("/services/commandeer");
    Map<String, String> env = new HashMap<>();
    commandeer
        .path("secrets")
        .forEach(
            ref -> env.put(ref.path("target").asText(), placeholder(ref.path("target").asText())));
    commandeer
        .path("environment")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));

    assertPassesCheck("compose/commandeer.yaml", env);
  }

  @Test
  void kubernetes_catalogue_passes_check_with_the_variables_the_pod_gets() {
    JsonNode container =
        YamlDocuments.parse(ProjectFiles.read("k8s/base/deployment.yaml"))
            .at("/spec/template/spec/containers/0");
    JsonNode dev = YamlDocuments.parse(ProjectFiles.read("k8s/overlays/dev/kustomization.yaml"));
    Map<String, String> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    dev.at("/secretGenerator/0/literals")
        .forEach(
            literal -> {
              String[] pair = literal.asText().split("=", 2);
              env.put(pair[0], pair[1]);
            });

    assertPassesCheck("k8s/base/commandeer.yaml", env);
  }

  /** What make-secrets.sh writes: a different random value per secret. */
  private static String placeholder(String name) {
    return "placeholder-" + name.toLowerCase(java.util.Locale.ROOT) + "-0123456789abcdef";
  }

  private static void assertPassesCheck(String config, Map<String, String> env) {
    Path jar = ProjectFiles.path("target/commandeer.jar");
    assertThat(jar).as("the service jar (mvn package builds it before this test)").exists();
    List<String> argv = new ArrayList<>(List.of(Tools.java().toString(), "-jar", jar.toString()));
    argv.addAll(List.of("check", "--config", ProjectFiles.path(config).toString()));

    ProcessRun run = ProcessRun.of(Duration.ofMinutes(1), ProjectFiles.root(), env, argv);

    assertThat(run.exitCode()).as("%s%n%s%s", config, run.stdout(), run.stderr()).isZero();
  }
}
