package dev.commandeer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {

  private static Config load(String yaml, Map<String, String> env) {
    ConfigResult result = ConfigLoader.fromYaml(yaml, env);
    assertThat(result.problems()).isEmpty();
    return result.config().orElseThrow();
  }

  private static List<String> problems(String yaml, Map<String, String> env) {
    return ConfigLoader.fromYaml(yaml, env).problems().stream()
        .map(ConfigProblem::toString)
        .toList();
  }

  private static String host(String value, Map<String, String> env) {
    return load("server: {host: '" + value + "'}", env).server().host();
  }

  @Test
  void replaces_a_reference_with_the_variable() {
    assertThat(host("${HOST}", Map.of("HOST", "127.0.0.1"))).isEqualTo("127.0.0.1");
  }

  @Test
  void replaces_several_references_anywhere_inside_a_string() {
    assertThat(host("a-${X}-b-${Y}${X}", Map.of("X", "1", "Y", "2"))).isEqualTo("a-1-b-21");
  }

  @Test
  void uses_the_default_when_the_variable_is_unset_or_empty() {
    assertThat(host("${HOST:-localhost}", Map.of())).isEqualTo("localhost");
    assertThat(host("${HOST:-localhost}", Map.of("HOST", ""))).isEqualTo("localhost");
    assertThat(host("${HOST:-localhost}", Map.of("HOST", "db"))).isEqualTo("db");
  }

  @Test
  void an_empty_default_yields_an_empty_string() {
    Config config = load("store: {url: '${DATABASE_URL:-}'}", Map.of());

    assertThat(config.store().url()).isEmpty();
    assertThat(config.store().inMemory()).isTrue();
  }

  @Test
  void a_default_may_itself_reference_a_variable() {
    assertThat(host("${A:-${B}}", Map.of("B", "b"))).isEqualTo("b");
    assertThat(host("${A:-x${B:-y}z}", Map.of())).isEqualTo("xyz");
  }

  @Test
  void a_doubled_dollar_writes_a_literal_reference() {
    assertThat(host("$${HOME} and ${X}", Map.of("X", "x", "HOME", "/root")))
        .isEqualTo("${HOME} and x");
  }

  @Test
  void a_dollar_without_braces_stays_as_written() {
    assertThat(host("$HOME costs $5", Map.of("HOME", "/root"))).isEqualTo("$HOME costs $5");
  }

  @Test
  void an_unset_variable_is_a_problem_naming_it_and_the_path() {
    String yaml = "tokens:\n  - name: hook\n    value: ${MM_HOOK_TOKEN}\n";

    assertThat(problems(yaml, Map.of()))
        .containsExactly("tokens[0].value: environment variable MM_HOOK_TOKEN is not set");
  }

  @Test
  void several_unset_variables_in_one_value_are_named_together() {
    assertThat(problems("server: {host: '${A}.${B}.${A}'}", Map.of()))
        .containsExactly("server.host: environment variables A, B are not set");
  }

  @Test
  void an_unclosed_reference_is_a_problem() {
    assertThat(problems("server: {host: 'a${HOST'}", Map.of("HOST", "h")))
        .singleElement()
        .asString()
        .startsWith("server.host: unclosed `${`");
    assertThat(problems("server: {host: '${A:-b'}", Map.of()))
        .singleElement()
        .asString()
        .contains("unclosed");
  }

  @Test
  void a_reference_without_a_variable_name_is_a_problem() {
    assertThat(problems("server: {host: '${1X}'}", Map.of()))
        .singleElement()
        .asString()
        .contains("variable name");
    assertThat(problems("server: {host: '${A B}'}", Map.of()))
        .singleElement()
        .asString()
        .contains("closed by `}`");
  }

  @Test
  void expands_inside_lists_and_mappings_at_any_depth() {
    String yaml =
        """
        admins: ["${ADMIN}"]
        commands:
          deploy:
            run: [/opt/deploy.sh, "--region=${REGION}"]
            env: {TOKEN: "${DEPLOY_TOKEN}"}
        """;

    Config config = load(yaml, Map.of("ADMIN", "alice", "REGION", "eu-1", "DEPLOY_TOKEN", "t0k"));

    assertThat(config.admins()).containsExactly("alice");
    assertThat(config.commands().get("deploy").run())
        .containsExactly("/opt/deploy.sh", "--region=eu-1");
    assertThat(config.commands().get("deploy").env()).containsEntry("TOKEN", "t0k");
  }

  @Test
  void an_expanded_value_is_then_validated_like_any_other() {
    assertThat(load("server: {port: '${PORT}'}", Map.of("PORT", "9000")).server().port())
        .isEqualTo(9000);
    assertThat(problems("server: {port: '${PORT}'}", Map.of("PORT", "ninety")))
        .containsExactly("server.port: must be a whole number between 0 and 65535, got 'ninety'");
  }

  @Test
  void an_unset_variable_is_reported_once_not_again_as_a_bad_value() {
    assertThat(problems("server: {port: '${PORT}'}", Map.of()))
        .containsExactly("server.port: environment variable PORT is not set");
  }

  @Test
  void keys_are_not_expanded() {
    assertThat(problems("commands: {'${X}': {builtin: echo}}", Map.of("X", "x")))
        .singleElement()
        .asString()
        .contains("not a valid command name");
  }
}
