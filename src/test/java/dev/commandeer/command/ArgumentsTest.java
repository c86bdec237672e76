package dev.commandeer.command;

import static dev.commandeer.command.Fixtures.ANY_TOKEN;
import static dev.commandeer.command.Fixtures.arg;
import static dev.commandeer.command.Fixtures.builtin;
import static dev.commandeer.command.Fixtures.config;
import static dev.commandeer.command.Fixtures.deploy;
import static dev.commandeer.command.Fixtures.optional;
import static dev.commandeer.command.Fixtures.program;
import static dev.commandeer.command.Fixtures.rest;
import static dev.commandeer.command.Fixtures.webhook;
import static dev.commandeer.command.ResolutionTest.help;
import static dev.commandeer.command.ResolutionTest.refusal;
import static dev.commandeer.command.ResolutionTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

  private static final Config CONFIG =
      config(
          deploy(),
          program("notify", "Tell a channel", arg("channel"), rest("message")),
          program("copy", null, arg("from"), optional("to")),
          builtin("echo"),
          builtin("todo"),
          builtin("history"),
          builtin("status"),
          builtin("cancel"));

  private static final String DEPLOY_USAGE = "\nUsage: `deploy <service> [env]`";

  private static Resolution resolve(String text) {
    return new CommandCatalog(CONFIG).resolve(webhook("!ops", "!ops " + text), ANY_TOKEN);
  }

  private static Map<String, String> args(String text) {
    return run(resolve(text)).args();
  }

  @Test
  void binds_positional_arguments_in_declared_order() {
    assertThat(args("deploy api production"))
        .containsExactly(Map.entry("service", "api"), Map.entry("env", "production"));
  }

  @Test
  void binds_arguments_by_name_with_a_space_or_an_equals_sign() {
    assertThat(args("deploy --env production --service=api"))
        .containsExactly(Map.entry("service", "api"), Map.entry("env", "production"));
  }

  @Test
  void fills_the_remaining_positions_around_named_arguments() {
    assertThat(args("deploy --env=production api"))
        .containsExactly(Map.entry("service", "api"), Map.entry("env", "production"));
  }

  @Test
  void stops_reading_options_after_a_double_dash() {
    assertThat(args("copy -- --weird-name")).containsEntry("from", "--weird-name");
    assertThat(args("echo -- --help me")).containsEntry("text", "--help me");
  }

  @Test
  void applies_the_default_when_an_argument_is_left_out() {
    assertThat(args("deploy api")).containsEntry("env", "staging");
  }

  @Test
  void gives_an_empty_value_for_a_left_out_optional_argument_without_default() {
    assertThat(args("copy a")).containsExactly(Map.entry("from", "a"), Map.entry("to", ""));
    assertThat(run(resolve("copy a")).display()).isEqualTo("copy a");
  }

  @Test
  void refuses_a_missing_required_argument_with_the_usage() {
    assertThat(refusal(resolve("deploy"))).isEqualTo("`service` is required." + DEPLOY_USAGE);
  }

  @Test
  void refuses_a_value_outside_the_choices_with_the_usage() {
    assertThat(refusal(resolve("deploy api prod")))
        .isEqualTo("`env` must be one of staging, production (got `prod`)." + DEPLOY_USAGE);
  }

  @Test
  void accepts_a_choice_in_any_case_and_passes_it_on_as_declared() {
    assertThat(args("deploy api PRODUCTION")).containsEntry("env", "production");
  }

  @Test
  void refuses_a_value_that_does_not_match_the_pattern_with_the_usage() {
    assertThat(refusal(resolve("deploy API")))
        .isEqualTo("`service` must match `[a-z][a-z0-9-]{1,30}` (got `API`)." + DEPLOY_USAGE);
  }

  @Test
  void requires_the_pattern_to_match_the_whole_value() {
    assertThat(refusal(resolve("deploy 'api;reboot'")))
        .startsWith("`service` must match")
        .endsWith(DEPLOY_USAGE);
    assertThat(refusal(resolve("deploy $(reboot)"))).startsWith("`service` must match");
  }

  @Test
  void refuses_an_unknown_option_with_the_usage() {
    assertThat(refusal(resolve("deploy api --force")))
        .isEqualTo("Unknown option `--force`." + DEPLOY_USAGE);
  }

  @Test
  void suggests_the_closest_option_for_a_misspelt_one() {
    assertThat(refusal(resolve("deploy api --evn=production")))
        .isEqualTo("Unknown option `--evn`. Did you mean `--env`?" + DEPLOY_USAGE);
  }

  @Test
  void refuses_too_many_arguments_with_the_usage() {
    assertThat(refusal(resolve("deploy api staging now")))
        .isEqualTo("Too many arguments: `now` is not expected." + DEPLOY_USAGE);
  }

  @Test
  void refuses_an_argument_given_twice_with_the_usage() {
    assertThat(refusal(resolve("deploy api --service web")))
        .isEqualTo("`service` is given more than once." + DEPLOY_USAGE);
  }

  @Test
  void refuses_an_option_without_a_value_with_the_usage() {
    assertThat(refusal(resolve("deploy api --env")))
        .isEqualTo("`--env` needs a value." + DEPLOY_USAGE);
  }

  @Test
  void refuses_bad_quoting_in_the_arguments_with_the_usage() {
    assertThat(refusal(resolve("deploy \"api staging")))
        .startsWith("Unterminated double quote starting at `\"api staging`")
        .endsWith(DEPLOY_USAGE);
  }

  @Test
  void shows_help_for_a_command_asked_with_double_dash_help() {
    assertThat(help(resolve("deploy --help"))).startsWith("**`deploy <service> [env]`**");
    assertThat(help(resolve("deploy api --help"))).startsWith("**`deploy <service> [env]`**");
  }

  @Test
  void gives_the_rest_argument_the_remaining_text_verbatim() {
    assertThat(args("notify ops   \"hello   world\"  it's  \n fine  "))
        .containsEntry("channel", "ops")
        .containsEntry("message", "\"hello   world\"  it's  \n fine  ");
  }

  @Test
  void keeps_options_and_shell_syntax_inside_the_rest_argument() {
    assertThat(args("notify ops --channel x; `id` | sh"))
        .containsEntry("message", "--channel x; `id` | sh");
  }

  @Test
  void reads_unknown_options_as_part_of_the_rest_argument() {
    assertThat(args("echo --loud it's here")).containsEntry("text", "--loud it's here");
    assertThat(args("echo --it's")).containsEntry("text", "--it's");
  }

  @Test
  void still_answers_help_where_the_rest_argument_would_start() {
    assertThat(help(resolve("echo --help"))).startsWith("**`echo [text...]`**");
  }

  @Test
  void lets_the_rest_argument_be_named() {
    assertThat(args("notify ops --message  hi   there")).containsEntry("message", "hi   there");
    assertThat(args("notify --channel ops hi")).containsEntry("message", "hi");
    assertThat(args("notify ops --message='hi'  there")).containsEntry("message", "'hi'  there");
  }

  @Test
  void refuses_a_missing_rest_argument_when_it_is_required() {
    assertThat(refusal(resolve("notify ops")))
        .isEqualTo("`message` is required.\nUsage: `notify <channel> <message...>`");
  }

  @Test
  void gives_echo_its_text_verbatim_or_empty() {
    assertThat(args("echo  it's   “quoted”")).containsExactly(Map.entry("text", "it's   “quoted”"));
    assertThat(args("echo")).containsExactly(Map.entry("text", ""));
  }

  @Test
  void gives_todo_its_action_verbatim() {
    assertThat(args("todo add buy milk & eggs"))
        .containsExactly(Map.entry("action", "add buy milk & eggs"));
  }

  @Test
  void checks_the_history_count() {
    assertThat(args("history 25")).containsExactly(Map.entry("count", "25"));
    assertThat(args("history")).containsExactly(Map.entry("count", ""));
    assertThat(refusal(resolve("history 1000")))
        .isEqualTo("`count` must match `[0-9]{1,3}` (got `1000`).\nUsage: `history [count]`");
  }

  @Test
  void requires_a_run_for_status_and_cancel() {
    assertThat(args("status r-42")).containsExactly(Map.entry("run", "r-42"));
    assertThat(args("cancel r-42")).containsExactly(Map.entry("run", "r-42"));
    assertThat(refusal(resolve("status"))).isEqualTo("`run` is required.\nUsage: `status <run>`");
    assertThat(refusal(resolve("cancel"))).isEqualTo("`run` is required.\nUsage: `cancel <run>`");
  }

  @Test
  void shortens_a_long_value_quoted_in_an_error() {
    String answer = refusal(resolve("deploy " + "a".repeat(5000)));

    assertThat(answer)
        .startsWith("`service` must match")
        .endsWith(DEPLOY_USAGE)
        .hasSizeLessThan(300);
  }
}
