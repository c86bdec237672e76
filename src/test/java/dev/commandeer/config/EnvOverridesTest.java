package dev.commandeer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvOverridesTest {

  static final String DEPLOY =
      """
      server:
        port: 8080
      tokens:
        - name: hook
          value: file-token-1
          commands: [deploy]
      commands:
        deploy:
          run: [/opt/deploy.sh]
          timeout: 15m
          env: {DEPLOY_REGION: eu-1}
          allow: {users: [alice]}
        deploy-prod:
          run: [/opt/deploy.sh, --prod]
        ops:
          commands:
            restart: {run: [/opt/restart.sh]}
      admins: [alice, bob]
      """;

  private static Config load(String yaml, Map<String, String> env) {
    ConfigResult result = ConfigLoader.fromYaml(yaml, env);
    assertThat(result.problems()).isEmpty();
    return result.config().orElseThrow();
  }

  private static Config deploy(String name, String value) {
    return load(DEPLOY, Map.of(name, value));
  }

  private static List<String> problems(String yaml, Map<String, String> env) {
    return ConfigLoader.fromYaml(yaml, env).problems().stream()
        .map(ConfigProblem::toString)
        .toList();
  }

  @Test
  void a_variable_wins_over_the_file() {
    assertThat(deploy("COMMANDEER_SERVER_PORT", "9000").server().port()).isEqualTo(9000);
  }

  @Test
  void sets_a_value_whose_section_the_file_does_not_have() {
    Config config = deploy("COMMANDEER_STORE_URL", "postgresql://u:p@db/c");

    assertThat(config.store().url()).isEqualTo("postgresql://u:p@db/c");
  }

  @Test
  void a_camel_case_key_may_be_written_joined_or_split_at_its_words() {
    Map<String, String> env = new HashMap<>();
    env.put("COMMANDEER_MATTERMOST_URL", "https://chat.example.com");
    env.put("COMMANDEER_MATTERMOST_BOTTOKEN", "joined-token");
    assertThat(load(DEPLOY, env).mattermost().botToken()).isEqualTo("joined-token");

    env.remove("COMMANDEER_MATTERMOST_BOTTOKEN");
    env.put("COMMANDEER_MATTERMOST_BOT_TOKEN", "split-token");
    assertThat(load(DEPLOY, env).mattermost().botToken()).isEqualTo("split-token");

    assertThat(deploy("COMMANDEER_SERVER_MAX_BODY_BYTES", "2048").server().maxBodyBytes())
        .isEqualTo(2048);
    assertThat(deploy("COMMANDEER_SERVER_INLINEBUDGET", "5s").server().inlineBudget())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void reaches_into_commands_by_name() {
    Config config = deploy("COMMANDEER_COMMANDS_DEPLOY_TIMEOUT", "5m");

    assertThat(config.commands().get("deploy").timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.commands().get("deploy-prod").timeout())
        .isEqualTo(CommandConfig.DEFAULT_TIMEOUT);
  }

  @Test
  void a_dash_in_a_command_name_is_written_as_an_underscore() {
    Config config = deploy("COMMANDEER_COMMANDS_DEPLOY_PROD_TIMEOUT", "2m");

    assertThat(config.commands().get("deploy-prod").timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.commands().get("deploy").timeout()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void reaches_into_sub_commands_of_a_group() {
    Config config = deploy("COMMANDEER_COMMANDS_OPS_COMMANDS_RESTART_TIMEOUT", "10s");

    assertThat(config.commands().get("ops").commands().get("restart").timeout())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void reaches_the_default_commands_when_the_file_has_none() {
    Config config = load("", Map.of("COMMANDEER_COMMANDS_ECHO_DESCRIPTION", "Say it back"));

    assertThat(config.commands().get("echo").description()).isEqualTo("Say it back");
  }

  @Test
  void reaches_list_entries_by_number() {
    Config config = deploy("COMMANDEER_TOKENS_0_VALUE", "env-token-1");

    assertThat(config.tokens())
        .singleElement()
        .extracting(TokenConfig::value)
        .isEqualTo("env-token-1");
  }

  @Test
  void the_next_number_adds_an_entry() {
    Config config =
        load(
            DEPLOY,
            Map.of(
                "COMMANDEER_TOKENS_1_NAME", "slash", "COMMANDEER_TOKENS_1_VALUE", "env-token-2"));

    assertThat(config.tokens()).extracting(TokenConfig::name).containsExactly("hook", "slash");
  }

  @Test
  void entries_are_added_in_numeric_order() {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i <= 11; i++) {
      env.put("COMMANDEER_TOKENS_" + i + "_NAME", "t" + i);
      env.put("COMMANDEER_TOKENS_" + i + "_VALUE", "token-value-" + i);
    }

    Config config = load("", env);

    assertThat(config.tokens())
        .extracting(TokenConfig::name)
        .endsWith("t9", "t10", "t11")
        .hasSize(12);
  }

  @Test
  void a_gap_in_the_numbers_is_a_problem() {
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_TOKENS_3_NAME", "x")))
        .containsExactly(
            "COMMANDEER_TOKENS_3_NAME: `tokens` has 1 entries; number new ones from 1 without gaps");
  }

  @Test
  void a_list_of_text_values_is_given_comma_separated() {
    assertThat(deploy("COMMANDEER_ADMINS", "carol, dave").admins())
        .containsExactly("carol", "dave");
    assertThat(deploy("COMMANDEER_ADMINS", "").admins()).isEmpty();
    assertThat(deploy("COMMANDEER_TOKENS_0_COMMANDS", "deploy,echo").tokens().get(0).commands())
        .containsExactly("deploy", "echo");
    assertThat(
            deploy("COMMANDEER_COMMANDS_DEPLOY_ALLOW_USERS", "erin")
                .commands()
                .get("deploy")
                .allow()
                .users())
        .containsExactly("erin");
  }

  @Test
  void one_entry_of_a_text_list_may_be_replaced() {
    assertThat(deploy("COMMANDEER_ADMINS_1", "carol").admins()).containsExactly("alice", "carol");
  }

  @Test
  void sets_program_variables_matching_existing_names_or_adding_new_ones() {
    assertThat(
            deploy("COMMANDEER_COMMANDS_DEPLOY_ENV_DEPLOY_REGION", "us-2")
                .commands()
                .get("deploy")
                .env())
        .containsExactly(Map.entry("DEPLOY_REGION", "us-2"));
    assertThat(
            deploy("COMMANDEER_COMMANDS_DEPLOY_ENV_LOG_LEVEL", "debug")
                .commands()
                .get("deploy")
                .env())
        .containsEntry("DEPLOY_REGION", "eu-1")
        .containsEntry("LOG_LEVEL", "debug");
  }

  @Test
  void values_from_variables_are_validated_with_the_setting_path() {
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_SERVER_PORT", "eighty")))
        .containsExactly("server.port: must be a whole number between 0 and 65535, got 'eighty'");
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_COMMANDS_DEPLOY_TIMEOUT", "2x")))
        .containsExactly(
            "commands.deploy.timeout: '2x' is not a duration (write e.g. 500ms, 30s, 15m, 1h, 30d)");
  }

  @Test
  void an_unknown_key_is_a_problem_naming_the_variable_with_a_suggestion() {
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_SERVER_PROT", "1")))
        .containsExactly(
            "COMMANDEER_SERVER_PROT: no setting `server.prot` (did you mean COMMANDEER_SERVER_PORT?)");
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_SERVER_MAX_BODY_BYTE", "1")))
        .singleElement()
        .asString()
        .contains("did you mean COMMANDEER_SERVER_MAX_BODY_BYTES?");
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_SERVR_PORT", "1")))
        .singleElement()
        .asString()
        .contains("did you mean COMMANDEER_SERVER?");
  }

  @Test
  void an_unknown_command_is_a_problem_with_a_suggestion() {
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_COMMANDS_DEPLYO_TIMEOUT", "1m")))
        .containsExactly(
            "COMMANDEER_COMMANDS_DEPLYO_TIMEOUT: no entry `commands.deplyo` (did you mean `deploy`?)");
  }

  @Test
  void a_variable_must_name_a_single_value() {
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_SERVER", "x")))
        .singleElement()
        .asString()
        .contains("`server` is a section", "COMMANDEER_SERVER_HOST");
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_SERVER_PORT_NUMBER", "1")))
        .singleElement()
        .asString()
        .contains("`server.port` is a single value");
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_TOKENS", "x")))
        .singleElement()
        .asString()
        .contains("COMMANDEER_TOKENS_0_NAME");
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_TOKENS_FIRST_NAME", "x")))
        .singleElement()
        .asString()
        .contains("expected an entry number");
    assertThat(problems(DEPLOY, Map.of("COMMANDEER_SERVER__PORT", "1")))
        .singleElement()
        .asString()
        .contains("single underscores");
  }

  @Test
  void cannot_reach_into_a_value_of_the_wrong_shape_in_the_file() {
    assertThat(problems("server: 5", Map.of("COMMANDEER_SERVER_PORT", "1")))
        .contains("COMMANDEER_SERVER_PORT: cannot apply: `server` in the file is not a mapping");
  }

  @Test
  void ignores_variables_kubernetes_sets_for_a_service_named_commandeer() {
    Map<String, String> env =
        Map.of(
            "COMMANDEER_PORT", "tcp://10.0.0.7:8080",
            "COMMANDEER_PORT_8080_TCP", "tcp://10.0.0.7:8080",
            "COMMANDEER_PORT_8080_TCP_ADDR", "10.0.0.7",
            "COMMANDEER_SERVICE_HOST", "10.0.0.7",
            "COMMANDEER_SERVICE_PORT", "8080",
            "COMMANDEER_SERVICE_PORT_HTTP", "8080",
            "COMMANDEER_CONFIG", "/etc/commandeer/commandeer.yaml",
            "HOME", "/root");

    assertThat(load(DEPLOY, env).server().port()).isEqualTo(8080);
  }

  @Test
  void a_value_from_a_variable_is_taken_literally() {
    Config config = load(DEPLOY, Map.of("COMMANDEER_SERVER_HOST", "${NOT_EXPANDED}"));

    assertThat(config.server().host()).isEqualTo("${NOT_EXPANDED}");
  }

  @Test
  void an_overridden_reference_in_the_file_needs_no_variable_of_its_own() {
    String yaml = "mattermost:\n  url: https://chat.example.com\n  botToken: ${MM_BOT_TOKEN}\n";

    Config config = load(yaml, Map.of("COMMANDEER_MATTERMOST_BOT_TOKEN", "from-env"));

    assertThat(config.mattermost().botToken()).isEqualTo("from-env");
  }
}
