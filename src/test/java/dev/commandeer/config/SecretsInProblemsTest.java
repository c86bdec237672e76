package dev.commandeer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Problems are printed at startup and in CI logs: they must never carry a secret. */
class SecretsInProblemsTest {

  private static List<String> problems(String yaml, Map<String, String> env) {
    List<String> problems =
        ConfigLoader.fromYaml(yaml, env).problems().stream().map(ConfigProblem::toString).toList();
    assertThat(problems).isNotEmpty();
    return problems;
  }

  @Test
  void no_problem_about_a_token_quotes_its_value() {
    String yaml =
        """
        tokens:
          - {name: a, value: Sup3rSecretValue}
          - {name: b, value: Sup3rSecretValue}
          - {name: c, value: Sh0rt7x}
          - {name: d, value: 'Brok${en-Secret'}
          - {name: e, value: [ListSecret1]}
        """;

    assertThat(problems(yaml, Map.of()))
        .hasSize(4)
        .noneMatch(p -> p.contains("Sup3rSecret"))
        .noneMatch(p -> p.contains("Sh0rt7x"))
        .noneMatch(p -> p.contains("Brok"))
        .noneMatch(p -> p.contains("ListSecret1"));
  }

  @Test
  void no_problem_quotes_a_token_taken_from_the_environment() {
    String yaml = "tokens: [{name: a, value: '${T}'}, {name: b, value: '${T}'}]";

    assertThat(problems(yaml, Map.of("T", "EnvSecretValue")))
        .noneMatch(p -> p.contains("EnvSecret"));
    assertThat(problems("", Map.of("COMMANDEER_TOKENS_0_VALUE", "Sh0rt7x")))
        .noneMatch(p -> p.contains("Sh0rt7x"));
  }

  @Test
  void no_problem_quotes_the_bot_token_or_the_database_password() {
    String yaml =
        """
        mattermost: {botToken: BotSecretValue}
        store: {url: 'mysql://user:DbSecretPw@db/c'}
        """;

    assertThat(problems(yaml, Map.of()))
        .hasSize(2)
        .noneMatch(p -> p.contains("BotSecret"))
        .noneMatch(p -> p.contains("DbSecretPw"));
  }

  @Test
  void a_syntax_error_does_not_quote_the_line_holding_a_secret() {
    String yaml = "tokens:\n  - name: a\n    value: \"QuotedSecret\n";

    assertThat(problems(yaml, Map.of())).noneMatch(p -> p.contains("QuotedSecret"));
  }
}
