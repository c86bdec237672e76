package dev.commandeer.command;

import static dev.commandeer.command.Fixtures.ANY_TOKEN;
import static dev.commandeer.command.Fixtures.config;
import static dev.commandeer.command.Fixtures.deploy;
import static dev.commandeer.command.Fixtures.program;
import static dev.commandeer.command.Fixtures.slash;
import static dev.commandeer.command.Fixtures.standard;
import static dev.commandeer.command.Fixtures.webhook;
import static dev.commandeer.command.ResolutionTest.help;
import static dev.commandeer.command.ResolutionTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Reply;
import dev.commandeer.config.CommandConfig;
import dev.commandeer.config.Config;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HelpTest {

  private static String helpFor(String text) {
    return help(new CommandCatalog(standard()).resolve(webhook("!ops", "!ops " + text), ANY_TOKEN));
  }

  @Test
  void lists_every_command_with_its_usage_and_description() {
    assertThat(helpFor("help"))
        .startsWith("**Commands you can run:**")
        .contains("- `deploy <service> [env]` — Deploy a service")
        .contains("- `echo [text...]` — Repeat the text back")
        .contains("- `notify <channel> <message...>` — Tell a channel")
        .contains("- `help [command...]` — List the commands you can run, or explain one")
        .contains("Type `help <command>` for the details of one.");
  }

  @Test
  void lists_the_commands_inside_groups_by_their_full_names() {
    assertThat(helpFor("help"))
        .contains("- `ops restart <service>` — Restart a service")
        .contains("- `ops db backup [name]` — Back up a database");
  }

  @Test
  void lists_commands_in_alphabetical_order() {
    String text = helpFor("help");

    assertThat(text.indexOf("`deploy")).isLessThan(text.indexOf("`echo"));
    assertThat(text.indexOf("`echo")).isLessThan(text.indexOf("`help"));
    assertThat(text.indexOf("`notify")).isLessThan(text.indexOf("`ops"));
  }

  @Test
  void explains_one_command_with_its_arguments_checks_and_defaults() {
    assertThat(helpFor("help deploy"))
        .isEqualTo(
            """
            **`deploy <service> [env]`** — Deploy a service
            - `service` (required): must match `[a-z][a-z0-9-]{1,30}`
            - `env` (default `staging`): one of `staging`, `production`
            Give the arguments in this order, or by name: `--service value` or `--service=value`.""");
  }

  @Test
  void explains_a_rest_argument_and_a_built_in() {
    assertThat(helpFor("help echo"))
        .isEqualTo(
            """
            **`echo [text...]`** — Repeat the text back
            - `text` (optional): the text to repeat; takes the rest of the line as typed""");
  }

  @Test
  void says_when_a_command_takes_no_arguments() {
    Config config = config(program("uptime", "Show uptime"));
    String text = help(new CommandCatalog(config).resolve(slash("ops", "help uptime"), ANY_TOKEN));

    assertThat(text).isEqualTo("**`uptime`** — Show uptime\nIt takes no arguments.");
  }

  @Test
  void explains_a_sub_command_named_with_its_group() {
    assertThat(helpFor("help ops restart")).startsWith("**`ops restart <service>`** — Restart");
    assertThat(helpFor("help OPS db Backup")).startsWith("**`ops db backup [name]`**");
  }

  @Test
  void explains_a_group_by_listing_its_commands() {
    assertThat(helpFor("help ops"))
        .startsWith("**`ops <command>`** — Operations")
        .contains("- `ops restart <service>`")
        .contains("Type `help ops <command>` for the details of one.");
  }

  @Test
  void answers_the_same_for_double_dash_help_as_for_help_command() {
    assertThat(helpFor("deploy --help")).isEqualTo(helpFor("help deploy"));
    assertThat(helpFor("ops restart --help")).isEqualTo(helpFor("help ops restart"));
  }

  @Test
  void suggests_a_command_when_help_is_asked_for_a_misspelt_one() {
    String answer =
        refusal(
            new CommandCatalog(standard()).resolve(webhook("!ops", "!ops help deplyo"), ANY_TOKEN));

    assertThat(answer).startsWith("Unknown command `deplyo`. Did you mean `deploy`?");
  }

  @Test
  void keeps_help_within_the_mattermost_limit_for_a_huge_catalog() {
    CommandConfig[] many =
        IntStream.range(0, 2000)
            .mapToObj(i -> program("command-" + i, "x".repeat(100), Fixtures.arg("thing")))
            .toArray(CommandConfig[]::new);
    String text = help(new CommandCatalog(config(many)).resolve(slash("ops", "help"), ANY_TOKEN));

    assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(Reply.MAX_MESSAGE_CHARS);
    assertThat(text).contains("`command-0 <thing>`");
  }

  @Test
  void shows_help_to_a_slash_command_prefix_with_nothing_after_it() {
    Config config = config(deploy());

    assertThat(help(new CommandCatalog(config).resolve(slash("ops", ""), ANY_TOKEN)))
        .contains("`deploy <service> [env]`");
  }
}
