package dev.commandeer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  static final Map<String, String> EXAMPLE_ENV =
      Map.of(
          "MM_BOT_TOKEN", "bot-token-1234",
          "MM_HOOK_TOKEN", "hook-token-5678",
          "MM_SLASH_TOKEN", "slash-token-9012");

  static Path example() throws URISyntaxException {
    return Path.of(ConfigLoaderTest.class.getResource("/config/full.yaml").toURI());
  }

  @Test
  void loads_the_specification_example_with_the_variables_it_references() throws Exception {
    ConfigResult result = ConfigLoader.load(example(), EXAMPLE_ENV);

    assertThat(result.problems()).isEmpty();
    Config config = result.config().orElseThrow();
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.server().maxBodyBytes()).isEqualTo(65536);
    assertThat(config.server().inlineBudget()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.mattermost().baseUrl()).contains("https://chat.example.com");
    assertThat(config.mattermost().botToken()).isEqualTo("bot-token-1234");
    assertThat(config.store().inMemory()).isTrue();
    assertThat(config.tokens())
        .extracting(TokenConfig::name, TokenConfig::value, TokenConfig::commands)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ops-hook", "hook-token-5678", List.of()),
            org.assertj.core.groups.Tuple.tuple(
                "ops-slash", "slash-token-9012", List.of("deploy", "todo")));
    assertThat(config.commands().keySet()).containsExactly("deploy", "echo");
    assertThat(config.commands().get("echo").builtin()).isEqualTo("echo");
    assertThat(config.limits().perUser()).isEqualTo(new Rate(30, Duration.ofMinutes(1)));
    assertThat(config.limits().running()).isEqualTo(8);
    assertThat(config.limits().queue()).isEqualTo(200);
    assertThat(config.admins()).containsExactly("alice");
    assertThat(config.log().format()).isEqualTo(LogConfig.Format.TEXT);
  }

  @Test
  void reads_every_part_of_the_example_deploy_command() throws Exception {
    CommandConfig deploy =
        ConfigLoader.load(example(), EXAMPLE_ENV).config().orElseThrow().commands().get("deploy");

    assertThat(deploy.description()).isEqualTo("Deploy a service");
    assertThat(deploy.run()).containsExactly("/opt/ops/deploy.sh", "{service}", "--env={env}");
    ArgConfig service = deploy.args().get(0);
    assertThat(service.required()).isTrue();
    assertThat(service.pattern().matcher("api").matches()).isTrue();
    assertThat(service.pattern().matcher("api; rm").matches()).isFalse();
    ArgConfig env = deploy.args().get(1);
    assertThat(env.choices()).containsExactly("staging", "production");
    assertThat(env.defaultValue()).isEqualTo("staging");
    assertThat(env.required()).isFalse();
    assertThat(deploy.timeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(deploy.reply()).isEqualTo(ReplyMode.AUTO);
    assertThat(deploy.concurrency()).isEqualTo(1);
    assertThat(deploy.allow().users()).containsExactly("alice", "bob");
    assertThat(deploy.allow().channels()).containsExactly("ops");
    assertThat(deploy.env()).containsExactly(Map.entry("DEPLOY_REGION", "eu-1"));
    assertThat(deploy.cwd()).isEqualTo("/opt/ops");
    assertThat(deploy.rate()).isEqualTo(new Rate(5, Duration.ofMinutes(1)));
    assertThat(deploy.maxOutputBytes()).isEqualTo(CommandConfig.DEFAULT_MAX_OUTPUT_BYTES);
  }

  @Test
  void the_example_uses_postgresql_when_database_url_is_set() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(EXAMPLE_ENV);
    env.put("DATABASE_URL", "postgresql://cmd:pw@db:5432/commandeer");

    Config config = ConfigLoader.load(example(), env).config().orElseThrow();

    assertThat(config.store().inMemory()).isFalse();
    assertThat(config.store().url()).isEqualTo("postgresql://cmd:pw@db:5432/commandeer");
  }

  @Test
  void the_example_without_its_variables_names_each_missing_one_with_its_path() throws Exception {
    ConfigResult result = ConfigLoader.load(example(), Map.of());

    assertThat(result.ok()).isFalse();
    assertThat(result.config()).isEmpty();
    assertThat(result.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "mattermost.botToken: environment variable MM_BOT_TOKEN is not set",
            "tokens[0].value: environment variable MM_HOOK_TOKEN is not set",
            "tokens[1].value: environment variable MM_SLASH_TOKEN is not set");
  }

  @Test
  void without_a_file_uses_built_in_defaults(@TempDir Path dir) {
    ConfigResult result = ConfigLoader.loadDefault(Optional.empty(), dir, Map.of());

    Config config = result.config().orElseThrow();
    assertThat(config.server()).isEqualTo(ServerConfig.defaults());
    assertThat(config.store().inMemory()).isTrue();
    assertThat(config.tokens()).isEmpty();
    assertThat(config.commands().keySet())
        .containsExactlyElementsOf(Builtins.DEFAULT_COMMANDS.keySet());
    assertThat(config.commands().get("echo").builtin()).isEqualTo("echo");
    assertThat(config.limits()).isEqualTo(LimitsConfig.defaults());
    assertThat(config.log()).isEqualTo(LogConfig.defaults());
    assertThat(config.mattermost().canPost()).isFalse();
  }

  @Test
  void without_a_file_still_applies_environment_overrides(@TempDir Path dir) {
    ConfigResult result =
        ConfigLoader.loadDefault(Optional.empty(), dir, Map.of("COMMANDEER_SERVER_PORT", "9000"));

    assertThat(result.config().orElseThrow().server().port()).isEqualTo(9000);
  }

  @Test
  void reads_commandeer_yaml_from_the_working_directory(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("commandeer.yaml"), "server:\n  port: 7000\n");

    ConfigResult result = ConfigLoader.loadDefault(Optional.empty(), dir, Map.of());

    assertThat(result.config().orElseThrow().server().port()).isEqualTo(7000);
  }

  @Test
  void an_explicit_file_wins_over_the_working_directory(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("commandeer.yaml"), "server:\n  port: 7000\n");
    Path explicit = Files.writeString(dir.resolve("other.yaml"), "server:\n  port: 7001\n");

    ConfigResult result = ConfigLoader.loadDefault(Optional.of(explicit), dir, Map.of());

    assertThat(result.config().orElseThrow().server().port()).isEqualTo(7001);
  }

  @Test
  void a_missing_explicit_file_is_a_problem_naming_it(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    ConfigResult result = ConfigLoader.loadDefault(Optional.of(missing), dir, Map.of());

    assertThat(result.config()).isEmpty();
    assertThat(result.problems())
        .singleElement()
        .asString()
        .contains(missing.toString(), "does not exist");
  }

  @Test
  void a_directory_instead_of_a_file_is_a_problem(@TempDir Path dir) {
    ConfigResult result = ConfigLoader.load(dir, Map.of());

    assertThat(result.problems()).singleElement().asString().contains("cannot read config file");
  }

  @Test
  void invalid_yaml_is_a_problem_with_line_and_column_naming_the_file(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "server:\n  port: 1\n  host: a: b\n");

    ConfigResult result = ConfigLoader.load(file, Map.of());

    assertThat(result.problems())
        .singleElement()
        .asString()
        .contains("invalid YAML in " + file, "line 3, column 10", "mapping values are not allowed");
  }

  @Test
  void invalid_yaml_never_quotes_the_document() {
    ConfigResult result =
        ConfigLoader.fromYaml("mattermost:\n  botToken: s3cret-value\n  - x\n", Map.of());

    assertThat(result.problems())
        .singleElement()
        .asString()
        .contains("line")
        .doesNotContain("s3cret");
  }

  @Test
  void a_key_set_twice_is_a_problem_with_the_line_of_the_second() {
    ConfigResult result = ConfigLoader.fromYaml("server:\n  port: 1\n  port: 2\n", Map.of());

    assertThat(result.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly("server.port: is set twice (again on line 3); keep one");
  }

  @Test
  void aliases_are_a_problem_rather_than_a_silent_surprise() {
    ConfigResult result =
        ConfigLoader.fromYaml("server: {host: &h a}\nlog: {level: *h}\n", Map.of());

    assertThat(result.problems())
        .extracting(ConfigProblem::toString)
        .contains("log.level: aliases (`*name`) are not supported; write the value out");
  }

  @Test
  void a_second_document_is_a_problem() {
    ConfigResult result = ConfigLoader.fromYaml("server: {}\n---\nlog: {}\n", Map.of());

    assertThat(result.problems()).singleElement().asString().contains("only one YAML document");
  }

  @Test
  void a_file_that_is_not_a_mapping_is_a_problem() {
    ConfigResult result = ConfigLoader.fromYaml("- server\n- log\n", Map.of());

    assertThat(result.problems()).singleElement().asString().contains("must be a mapping");
  }

  @Test
  void an_empty_file_means_all_defaults() {
    ConfigResult result = ConfigLoader.fromYaml("# nothing yet\n", Map.of());

    assertThat(result.config().orElseThrow().server()).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void collects_every_problem_instead_of_stopping_at_the_first() {
    String yaml =
        """
        server:
          port: 70000
          inlineBudget: 2x
        tokens:
          - name: hook
        commands:
          deploy:
            run: []
        log:
          level: loud
        """;

    ConfigResult result = ConfigLoader.fromYaml(yaml, Map.of());

    assertThat(result.problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder(
            "server.port",
            "server.inlineBudget",
            "tokens[0].value",
            "commands.deploy.run",
            "log.level");
  }

  @Test
  void a_result_holds_a_config_exactly_when_there_are_no_problems() {
    Config config = ConfigLoader.fromYaml("", Map.of()).config().orElseThrow();

    assertThatThrownBy(
            () -> new ConfigResult(Optional.of(config), List.of(new ConfigProblem("a", "b"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConfigResult(Optional.empty(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
