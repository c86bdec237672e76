package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Invocation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

  static final Map<String, String> SERVICE_ENV =
      Map.of(
          "PATH", "/opt/bin:/usr/bin:/bin",
          "LANG", "de_DE.UTF-8",
          "HOME", "/home/commandeer",
          "MM_BOT_TOKEN", "bot-secret-4711",
          "COMMANDEER_TOKENS_0_VALUE", "hook-secret-0815");

  static Invocation invocation() {
    return new Invocation(
        Invocation.Ingress.SLASH,
        "ops-slash",
        "team-id-1",
        "acme",
        "channel-id-1",
        "ops",
        "user-id-1",
        "alice",
        "deploy",
        "api staging",
        "post-id-1",
        "root-id-1",
        Instant.now());
  }

  static Map<String, String> args() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("service", "api");
    args.put("dry-run", null);
    return args;
  }

  @Test
  void contains_exactly_path_lang_command_env_context_and_arguments() {
    Map<String, String> env =
        new ChildEnvironment(SERVICE_ENV)
            .forRun(
                "run-42",
                invocation().variables(),
                "deploy api",
                Map.of("DEPLOY_REGION", "eu-1"),
                args());

    assertThat(env)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("PATH", "/opt/bin:/usr/bin:/bin"),
                Map.entry("LANG", "de_DE.UTF-8"),
                Map.entry("DEPLOY_REGION", "eu-1"),
                Map.entry("MM_USER_NAME", "alice"),
                Map.entry("MM_USER_ID", "user-id-1"),
                Map.entry("MM_CHANNEL_NAME", "ops"),
                Map.entry("MM_CHANNEL_ID", "channel-id-1"),
                Map.entry("MM_TEAM_DOMAIN", "acme"),
                Map.entry("MM_POST_ID", "post-id-1"),
                Map.entry("MM_ROOT_ID", "root-id-1"),
                Map.entry("MM_COMMAND", "deploy api"),
                Map.entry("ARG_SERVICE", "api"),
                Map.entry("ARG_DRY_RUN", ""),
                Map.entry("COMMANDEER_RUN_ID", "run-42")));
  }

  @Test
  void never_passes_on_the_services_own_secrets() {
    Map<String, String> env =
        new ChildEnvironment(SERVICE_ENV)
            .forRun("run-1", invocation().variables(), "deploy api", Map.of(), args());

    assertThat(env).doesNotContainKeys("HOME", "MM_BOT_TOKEN", "COMMANDEER_TOKENS_0_VALUE");
    assertThat(env.values()).noneMatch(v -> v.contains("secret"));
  }

  @Test
  void uses_defaults_when_the_service_has_no_path_or_lang() {
    Map<String, String> env =
        new ChildEnvironment(Map.of("PATH", ""))
            .forRun("run-1", invocation().variables(), "deploy", Map.of(), Map.of());

    assertThat(env)
        .containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin")
        .containsEntry("LANG", "C.UTF-8");
  }

  @Test
  void lets_the_command_set_path_but_never_overrides_the_context_or_arguments() {
    Map<String, String> commandEnv =
        Map.of("PATH", "/opt/ops/bin", "MM_USER_NAME", "root", "ARG_SERVICE", "db");

    Map<String, String> env =
        new ChildEnvironment(SERVICE_ENV)
            .forRun("run-1", invocation().variables(), "deploy api", commandEnv, args());

    assertThat(env)
        .containsEntry("PATH", "/opt/ops/bin")
        .containsEntry("MM_USER_NAME", "alice")
        .containsEntry("ARG_SERVICE", "api");
  }

  @Test
  void names_argument_variables_in_upper_case_with_underscores() {
    assertThat(ChildEnvironment.argVariable("service")).isEqualTo("ARG_SERVICE");
    assertThat(ChildEnvironment.argVariable("dry-run")).isEqualTo("ARG_DRY_RUN");
    assertThat(ChildEnvironment.argVariable("max_age2")).isEqualTo("ARG_MAX_AGE2");
  }
}
