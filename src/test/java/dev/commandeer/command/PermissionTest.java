package dev.commandeer.command;

import static dev.commandeer.command.Fixtures.ANY_TOKEN;
import static dev.commandeer.command.Fixtures.allowing;
import static dev.commandeer.command.Fixtures.arg;
import static dev.commandeer.command.Fixtures.builtin;
import static dev.commandeer.command.Fixtures.channels;
import static dev.commandeer.command.Fixtures.config;
import static dev.commandeer.command.Fixtures.deploy;
import static dev.commandeer.command.Fixtures.group;
import static dev.commandeer.command.Fixtures.program;
import static dev.commandeer.command.Fixtures.teams;
import static dev.commandeer.command.Fixtures.users;
import static dev.commandeer.command.ResolutionTest.help;
import static dev.commandeer.command.ResolutionTest.refusal;
import static dev.commandeer.command.ResolutionTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Invocation;
import dev.commandeer.config.AllowConfig;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionTest {

  private static final String DENIED = "You are not allowed to run `deploy` here.";

  private static Resolution resolve(Config config, String user, String channel, String text) {
    return resolve(config, user, channel, "acme", text, ANY_TOKEN);
  }

  private static Resolution resolve(
      Config config, String user, String channel, String team, String text, TokenConfig token) {
    Invocation invocation =
        Fixtures.invocation(Invocation.Ingress.SLASH, "bot", text, user, channel, team);
    return new CommandCatalog(config).resolve(invocation, token);
  }

  private static Config deployFor(AllowConfig allow) {
    return config(List.of("root"), allowing(allow, deploy()), builtin("echo"));
  }

  @Test
  void lets_an_allowed_user_run_by_name_or_id() {
    assertThat(run(resolve(deployFor(users("alice")), "alice", "ops", "deploy api")).path())
        .containsExactly("deploy");
    assertThat(run(resolve(deployFor(users("u-alice")), "alice", "ops", "deploy api")).path())
        .containsExactly("deploy");
  }

  @Test
  void refuses_other_users_without_saying_more() {
    assertThat(refusal(resolve(deployFor(users("alice")), "bob", "ops", "deploy api")))
        .isEqualTo(DENIED);
  }

  @Test
  void refuses_before_looking_at_the_arguments() {
    assertThat(refusal(resolve(deployFor(users("alice")), "bob", "ops", "deploy NOT-VALID x y")))
        .isEqualTo(DENIED);
  }

  @Test
  void restricts_by_channel_name_or_id() {
    assertThat(run(resolve(deployFor(channels("ops")), "bob", "ops", "deploy api")).path())
        .containsExactly("deploy");
    assertThat(run(resolve(deployFor(channels("c-ops")), "bob", "ops", "deploy api")).path())
        .containsExactly("deploy");
    assertThat(refusal(resolve(deployFor(channels("ops")), "bob", "random", "deploy api")))
        .isEqualTo(DENIED);
  }

  @Test
  void restricts_by_team_domain_or_id() {
    Config byDomain = deployFor(teams("acme"));
    Config byId = deployFor(teams("t-acme"));

    assertThat(run(resolve(byDomain, "bob", "ops", "acme", "deploy api", ANY_TOKEN)).path())
        .containsExactly("deploy");
    assertThat(run(resolve(byId, "bob", "ops", "acme", "deploy api", ANY_TOKEN)).path())
        .containsExactly("deploy");
    assertThat(refusal(resolve(byDomain, "bob", "ops", "other", "deploy api", ANY_TOKEN)))
        .isEqualTo(DENIED);
  }

  @Test
  void restricts_to_the_commands_of_the_token() {
    TokenConfig echoOnly = new TokenConfig("slash", "secret", List.of("echo"));
    Config config = config(deploy(), builtin("echo"));

    assertThat(refusal(resolve(config, "alice", "ops", "acme", "deploy api", echoOnly)))
        .isEqualTo(DENIED);
    assertThat(run(resolve(config, "alice", "ops", "acme", "echo hi", echoOnly)).path())
        .containsExactly("echo");
  }

  @Test
  void always_answers_help_whatever_the_token_allows() {
    TokenConfig echoOnly = new TokenConfig("slash", "secret", List.of("echo"));
    String text = help(resolve(config(deploy(), builtin("echo")), "a", "b", "c", "help", echoOnly));

    assertThat(text).contains("`echo [text...]`").doesNotContain("deploy");
  }

  @Test
  void lists_in_help_only_what_the_caller_may_run() {
    Config config = deployFor(users("alice"));

    assertThat(help(resolve(config, "alice", "ops", "help"))).contains("`deploy <service> [env]`");
    assertThat(help(resolve(config, "bob", "ops", "help")))
        .contains("`echo [text...]`")
        .doesNotContain("deploy");
  }

  @Test
  void lists_in_help_only_what_may_run_in_this_channel_and_team() {
    assertThat(help(resolve(deployFor(channels("ops")), "bob", "random", "help")))
        .doesNotContain("deploy");
    assertThat(help(resolve(deployFor(teams("acme")), "bob", "ops", "other", "help", ANY_TOKEN)))
        .doesNotContain("deploy");
  }

  @Test
  void refuses_help_about_a_command_the_caller_may_not_run() {
    assertThat(refusal(resolve(deployFor(users("alice")), "bob", "ops", "help deploy")))
        .isEqualTo(DENIED);
  }

  @Test
  void shows_admins_every_command_and_marks_what_they_may_not_run_here() {
    Config config = deployFor(users("alice"));

    assertThat(help(resolve(config, "root", "ops", "help")))
        .startsWith("**All commands**")
        .contains("`deploy <service> [env]` — Deploy a service _(not allowed for you here)_")
        .contains("- `echo [text...]` — Repeat the text back\n");
    assertThat(help(resolve(config, "root", "ops", "help deploy"))).contains("`service`");
  }

  @Test
  void recognises_an_admin_by_user_id() {
    Config config = config(List.of("u-root"), allowing(users("alice"), deploy()));

    assertThat(help(resolve(config, "root", "ops", "help"))).contains("deploy");
  }

  @Test
  void does_not_let_admins_run_what_allow_forbids() {
    assertThat(refusal(resolve(deployFor(users("alice")), "root", "ops", "deploy api")))
        .isEqualTo(DENIED);
  }

  @Test
  void suggests_only_commands_the_caller_may_run() {
    Config config = deployFor(users("alice"));

    assertThat(refusal(resolve(config, "alice", "ops", "deplyo api")))
        .contains("Did you mean `deploy`?");
    assertThat(refusal(resolve(config, "bob", "ops", "deplyo api")))
        .isEqualTo("Unknown command `deplyo`. Type `help` to see what you can run.");
  }

  @Test
  void applies_a_group_restriction_to_every_command_inside() {
    Config config =
        config(
            allowing(
                channels("ops"),
                group("ops", "Operations", program("restart", null, arg("service")))),
            builtin("echo"));

    assertThat(run(resolve(config, "bob", "ops", "ops restart api")).path())
        .containsExactly("ops", "restart");
    assertThat(refusal(resolve(config, "bob", "random", "ops restart api")))
        .isEqualTo("You are not allowed to run `ops restart` here.");
    assertThat(refusal(resolve(config, "bob", "random", "ops")))
        .isEqualTo("You are not allowed to run `ops` here.");
    assertThat(help(resolve(config, "bob", "random", "help"))).doesNotContain("restart");
  }

  @Test
  void applies_the_restriction_of_every_level_of_a_group() {
    Config config =
        config(
            allowing(
                channels("ops"),
                group(
                    "ops",
                    "Operations",
                    allowing(users("alice"), program("restart", null, arg("service"))),
                    program("status", "Show status"))));

    assertThat(run(resolve(config, "alice", "ops", "ops restart api")).path())
        .containsExactly("ops", "restart");
    assertThat(refusal(resolve(config, "bob", "ops", "ops restart api")))
        .isEqualTo("You are not allowed to run `ops restart` here.");
    assertThat(help(resolve(config, "bob", "ops", "ops")))
        .contains("`ops status`")
        .doesNotContain("restart");
  }

  @Test
  void restricts_a_group_through_the_token_by_its_top_level_name() {
    TokenConfig deployOnly = new TokenConfig("slash", "secret", List.of("deploy"));
    Config config = config(deploy(), group("ops", null, program("restart", null)));

    assertThat(refusal(resolve(config, "a", "b", "c", "ops restart", deployOnly)))
        .isEqualTo("You are not allowed to run `ops restart` here.");
  }

  @Test
  void lets_a_local_run_without_a_token_run_anything_allowed() {
    Resolution resolution =
        new CommandCatalog(config(deploy())).resolve(Invocation.local("me", "deploy api"), null);

    assertThat(run(resolution).path()).containsExactly("deploy");
  }
}
