package dev.commandeer.command;

import static dev.commandeer.command.Fixtures.ANY_TOKEN;
import static dev.commandeer.command.Fixtures.builtin;
import static dev.commandeer.command.Fixtures.config;
import static dev.commandeer.command.Fixtures.deploy;
import static dev.commandeer.command.Fixtures.slash;
import static dev.commandeer.command.Fixtures.standard;
import static dev.commandeer.command.Fixtures.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Invocation;
import dev.commandeer.config.CommandConfig;
import dev.commandeer.config.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolutionTest {

  private static final Config PLAIN = config(deploy(), builtin("echo"));

  private static Resolution resolve(Config config, Invocation invocation) {
    return new CommandCatalog(config).resolve(invocation, ANY_TOKEN);
  }

  static Resolution.Run run(Resolution resolution) {
    assertThat(resolution).isInstanceOf(Resolution.Run.class);
    return (Resolution.Run) resolution;
  }

  static String help(Resolution resolution) {
    assertThat(resolution).isInstanceOf(Resolution.Help.class);
    return ((Resolution.Help) resolution).text();
  }

  static String refusal(Resolution resolution) {
    assertThat(resolution).isInstanceOf(Resolution.Refusal.class);
    return ((Resolution.Refusal) resolution).text();
  }

  @Test
  void runs_the_command_named_by_a_webhook_trigger_word() {
    Resolution.Run run = run(resolve(PLAIN, webhook("deploy", "deploy api staging")));

    assertThat(run.path()).containsExactly("deploy");
    assertThat(run.command().name()).isEqualTo("deploy");
    assertThat(run.args())
        .containsExactly(Map.entry("service", "api"), Map.entry("env", "staging"));
    assertThat(run.display()).isEqualTo("deploy api staging");
  }

  @Test
  void reads_the_command_after_a_webhook_prefix() {
    Resolution.Run run = run(resolve(PLAIN, webhook("!ops", "!ops deploy api")));

    assertThat(run.path()).containsExactly("deploy");
    assertThat(run.args()).containsEntry("service", "api").containsEntry("env", "staging");
  }

  @Test
  void answers_help_after_a_mention_prefix() {
    String text = help(resolve(PLAIN, webhook("@opsbot", "@opsbot help")));

    assertThat(text).contains("`deploy <service> [env]` — Deploy a service");
  }

  @Test
  void answers_help_for_a_prefix_with_nothing_after_it() {
    assertThat(help(resolve(PLAIN, webhook("!ops", "!ops")))).contains("deploy");
    assertThat(help(resolve(PLAIN, webhook("!ops", "!ops  \n ")))).contains("deploy");
  }

  @Test
  void runs_a_slash_command_named_like_the_command() {
    Resolution.Run run = run(resolve(PLAIN, slash("deploy", "api")));

    assertThat(run.path()).containsExactly("deploy");
    assertThat(run.args()).containsEntry("service", "api");
  }

  @Test
  void treats_a_slash_trigger_that_is_no_command_as_a_prefix() {
    Resolution.Run run = run(resolve(PLAIN, slash("ops", "deploy api production")));

    assertThat(run.display()).isEqualTo("deploy api production");
  }

  @Test
  void answers_help_for_a_slash_prefix_alone() {
    assertThat(help(resolve(PLAIN, slash("ops", "")))).contains("`deploy <service> [env]`");
  }

  @Test
  void answers_help_for_an_empty_line() {
    assertThat(help(resolve(PLAIN, Invocation.local("alice", "  ")))).contains("deploy");
  }

  @Test
  void matches_command_names_without_regard_to_case() {
    assertThat(run(resolve(PLAIN, webhook("!ops", "!ops DePloy api"))).path())
        .containsExactly("deploy");
    assertThat(help(resolve(PLAIN, slash("ops", "HELP")))).contains("deploy");
  }

  @Test
  void runs_a_local_line_as_typed() {
    Resolution.Run run = run(resolve(PLAIN, Invocation.local("alice", "echo hi there")));

    assertThat(run.args()).containsExactly(Map.entry("text", "hi there"));
  }

  @Test
  void suggests_the_closest_command_for_a_misspelt_one() {
    assertThat(refusal(resolve(PLAIN, webhook("!ops", "!ops deplyo api"))))
        .isEqualTo(
            "Unknown command `deplyo`. Did you mean `deploy`? Type `help` to see what you can run.");
  }

  @Test
  void suggests_for_a_misspelt_first_word_that_is_not_a_prefix() {
    assertThat(refusal(resolve(PLAIN, Invocation.local("alice", "deplyo api"))))
        .startsWith("Unknown command `deplyo`. Did you mean `deploy`?");
    assertThat(refusal(resolve(PLAIN, Invocation.local("alice", "deplyo"))))
        .startsWith("Unknown command `deplyo`. Did you mean `deploy`?");
  }

  @Test
  void leaves_out_did_you_mean_when_nothing_is_close() {
    assertThat(refusal(resolve(PLAIN, webhook("!ops", "!ops frobnicate now"))))
        .isEqualTo("Unknown command `frobnicate`. Type `help` to see what you can run.");
  }

  @Test
  void refuses_bad_quoting_in_the_command_name_with_the_reason() {
    assertThat(refusal(resolve(PLAIN, webhook("!ops", "!ops \"deploy api"))))
        .startsWith("Unterminated double quote starting at `\"deploy api`");
  }

  @Test
  void keeps_help_built_in_even_when_the_config_declares_a_help_command() {
    Config config = config(deploy(), Fixtures.program("help", "Not the real help"));

    assertThat(help(resolve(config, slash("ops", "help")))).contains("`deploy <service> [env]`");
  }

  @Test
  void answers_help_for_a_command_configured_as_the_help_built_in() {
    Config aliased = config(deploy(), CommandConfig.builtin("aide", "help", null));

    assertThat(help(resolve(aliased, slash("ops", "aide deploy")))).startsWith("**`deploy");
  }

  @Test
  void runs_a_sub_command_of_a_group() {
    Resolution.Run run = run(resolve(standard(), slash("ops", "restart api")));

    assertThat(run.path()).containsExactly("ops", "restart");
    assertThat(run.args()).containsExactly(Map.entry("service", "api"));
    assertThat(run.display()).isEqualTo("ops restart api");
  }

  @Test
  void runs_a_command_nested_three_levels_deep() {
    Resolution.Run run = run(resolve(standard(), webhook("!bot", "!bot ops DB backup main")));

    assertThat(run.path()).containsExactly("ops", "db", "backup");
    assertThat(run.command().name()).isEqualTo("backup");
    assertThat(run.args()).containsExactly(Map.entry("name", "main"));
  }

  @Test
  void answers_help_for_a_group_alone() {
    String text = help(resolve(standard(), slash("ops", "")));

    assertThat(text)
        .startsWith("**`ops <command>`** — Operations")
        .contains("- `ops restart <service>` — Restart a service")
        .contains("- `ops db backup [name]` — Back up a database")
        .doesNotContain("deploy");
  }

  @Test
  void answers_help_for_a_nested_group_alone_and_when_asked() {
    assertThat(help(resolve(standard(), slash("ops", "db"))))
        .startsWith("**`ops db <command>`**")
        .doesNotContain("restart");
    assertThat(help(resolve(standard(), slash("ops", "help")))).startsWith("**`ops <command>`**");
    assertThat(help(resolve(standard(), slash("ops", "--help")))).startsWith("**`ops <command>`**");
  }

  @Test
  void suggests_sub_commands_of_the_group_for_a_misspelt_one() {
    assertThat(refusal(resolve(standard(), slash("ops", "restat api"))))
        .isEqualTo(
            "Unknown command `ops restat`. Did you mean `ops restart`?"
                + " Type `help ops` to see what you can run.");
  }

  @Test
  void shows_the_command_as_it_will_run_with_defaults_and_quoting() {
    assertThat(run(resolve(PLAIN, slash("deploy", "api"))).display())
        .isEqualTo("deploy api staging");
    Config say = config(Fixtures.program("say", null, Fixtures.arg("who"), Fixtures.optional("x")));
    assertThat(run(resolve(say, slash("say", "'two words'"))).display())
        .isEqualTo("say 'two words'");
  }

  @Test
  void keeps_shell_syntax_in_arguments_as_plain_text() {
    Resolution.Run run = run(resolve(PLAIN, webhook("!ops", "!ops echo $(reboot); rm -rf / `id`")));

    assertThat(run.args()).containsEntry("text", "$(reboot); rm -rf / `id`");
    assertThat(run.path()).isEqualTo(List.of("echo"));
  }
}
