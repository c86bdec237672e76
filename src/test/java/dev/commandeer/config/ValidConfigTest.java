package dev.commandeer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What valid configs mean, including the defaults filled in for what they leave out. */
class ValidConfigTest {

  private static Config load(String yaml) {
    ConfigResult result = ConfigLoader.fromYaml(yaml, Map.of());
    assertThat(result.problems()).isEmpty();
    assertThat(result.ok()).isTrue();
    return result.config().orElseThrow();
  }

  private static CommandConfig command(String yaml, String name) {
    return load(yaml).commands().get(name);
  }

  @Test
  void without_a_commands_section_offers_the_default_catalogue() {
    assertThat(load("server: {port: 1}").commands())
        .containsOnlyKeys(Builtins.DEFAULT_COMMANDS.keySet())
        .hasEntrySatisfying("echo", c -> assertThat(c.builtin()).isEqualTo("echo"));
  }

  @Test
  void an_empty_commands_section_means_no_commands_besides_help() {
    assertThat(load("commands: {}").commands()).isEmpty();
  }

  @Test
  void keeps_commands_in_the_order_they_are_written() {
    Config config =
        load(
            "commands:\n  zeta: {builtin: echo}\n  alpha: {builtin: todo}\n  mid: {builtin: status}\n");

    assertThat(config.commands().keySet()).containsExactly("zeta", "alpha", "mid");
  }

  @Test
  void a_program_command_gets_the_documented_defaults() {
    CommandConfig c = command("commands: {x: {run: [uptime]}}", "x");

    assertThat(c.isProgram()).isTrue();
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.concurrency()).isZero();
    assertThat(c.maxOutputBytes()).isEqualTo(64 * 1024);
    assertThat(c.reply()).isEqualTo(ReplyMode.AUTO);
    assertThat(c.allow()).isEqualTo(AllowConfig.EVERYONE);
    assertThat(c.rate()).isNull();
    assertThat(c.env()).isEmpty();
    assertThat(c.cwd()).isNull();
  }

  @Test
  void every_built_in_may_be_named() {
    for (String builtin : Builtins.NAMES) {
      assertThat(command("commands: {x: {builtin: " + builtin + "}}", "x").builtin())
          .isEqualTo(builtin);
    }
  }

  @Test
  void groups_nest_up_to_three_levels() {
    String yaml =
        """
        commands:
          ops:
            description: Operations
            allow: {channels: [ops]}
            commands:
              db:
                commands:
                  migrate: {run: [/opt/migrate.sh]}
        """;

    CommandConfig ops = command(yaml, "ops");

    assertThat(ops.isGroup()).isTrue();
    assertThat(ops.allow().channels()).containsExactly("ops");
    CommandConfig migrate = ops.commands().get("db").commands().get("migrate");
    assertThat(migrate.name()).isEqualTo("migrate");
    assertThat(migrate.run()).containsExactly("/opt/migrate.sh");
  }

  @Test
  void reads_args_with_their_rules() {
    String yaml =
        """
        commands:
          note:
            run: [/usr/bin/note, "{level}", "{text}", "{{literal}}"]
            args:
              - {name: level, choices: [low, high], default: low, description: how loud}
              - {name: maybe, required: false}
              - {name: text, rest: true, pattern: ".+"}
        """;

    CommandConfig note = command(yaml, "note");

    assertThat(note.args()).extracting(ArgConfig::name).containsExactly("level", "maybe", "text");
    assertThat(note.args().get(0).required()).isFalse();
    assertThat(note.args().get(0).description()).isEqualTo("how loud");
    assertThat(note.args().get(1).required()).isFalse();
    assertThat(note.args().get(1).defaultValue()).isNull();
    assertThat(note.args().get(2).rest()).isTrue();
    assertThat(note.args().get(2).required()).isTrue();
  }

  @Test
  void keeps_scalars_exactly_as_written() {
    String yaml =
        """
        commands:
          x:
            run: [chmod, 0755, "{answer}", 1.10]
            args: [{name: answer, choices: [yes, no, on]}]
            env: {VERSION: 1.10}
        """;

    CommandConfig x = command(yaml, "x");

    assertThat(x.run()).containsExactly("chmod", "0755", "{answer}", "1.10");
    assertThat(x.args().get(0).choices()).containsExactly("yes", "no", "on");
    assertThat(x.env()).containsEntry("VERSION", "1.10");
  }

  @Test
  void numbers_and_flags_may_be_quoted() {
    Config config =
        load("server: {port: '9000'}\ncommands: {x: {run: [ls], args: [{name: a, rest: 'TRUE'}]}}");

    assertThat(config.server().port()).isEqualTo(9000);
    assertThat(config.commands().get("x").args().get(0).rest()).isTrue();
  }

  @Test
  void reads_every_reply_mode_ignoring_case() {
    for (ReplyMode mode : ReplyMode.values()) {
      String yaml = "commands: {x: {run: [ls], reply: " + mode.name() + "}}";
      assertThat(command(yaml, "x").reply()).isEqualTo(mode);
      assertThat(command(yaml.toLowerCase(), "x").reply()).isEqualTo(mode);
    }
  }

  @Test
  void reads_the_service_sections() {
    String yaml =
        """
        server: {host: 127.0.0.1, port: 0, maxBodyBytes: 1024, inlineBudget: 0s, shutdownGrace: 1h}
        mattermost: {url: 'http://mm:8065/', botToken: abcdefghij, timeout: 100ms}
        store: {url: 'postgres://db/c', poolSize: 100, connectTimeout: 2s, keepHistory: 90d}
        limits: {perUser: 100000/1d, running: 1024, queue: 0}
        log: {format: JSON, level: debug}
        """;

    Config config = load(yaml);

    assertThat(config.server())
        .isEqualTo(new ServerConfig("127.0.0.1", 0, 1024, Duration.ZERO, Duration.ofHours(1)));
    assertThat(config.mattermost().baseUrl()).contains("http://mm:8065");
    assertThat(config.mattermost().timeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.store())
        .isEqualTo(
            new StoreConfig(
                "postgres://db/c",
                100,
                Duration.ofSeconds(2),
                StoreConfig.DEFAULT_QUERY_TIMEOUT,
                Duration.ofDays(90)));
    assertThat(config.limits())
        .isEqualTo(new LimitsConfig(new Rate(100_000, Duration.ofDays(1)), 1024, 0));
    assertThat(config.log()).isEqualTo(new LogConfig(LogConfig.Format.JSON, "DEBUG"));
  }

  @Test
  void a_rate_of_none_means_no_limit() {
    assertThat(load("limits: {perUser: none}").limits().perUser()).isNull();
  }

  @Test
  void an_empty_section_means_its_defaults() {
    Config config = load("server:\nmattermost:\nlimits: {}\n");

    assertThat(config.server()).isEqualTo(ServerConfig.defaults());
    assertThat(config.mattermost()).isEqualTo(MattermostConfig.defaults());
    assertThat(config.limits()).isEqualTo(LimitsConfig.defaults());
  }

  @Test
  void an_empty_mattermost_url_and_token_mean_not_configured() {
    Config config = load("mattermost: {url: '', botToken: ''}");

    assertThat(config.mattermost().canPost()).isFalse();
  }

  @Test
  void a_token_may_be_restricted_to_configured_commands_help_and_built_ins() {
    String yaml =
        "tokens: [{name: a, value: abcdefgh, commands: [deploy, help, todo]}]\n"
            + "commands: {deploy: {run: [ls]}}";

    assertThat(load(yaml).tokens().get(0).commands()).containsExactly("deploy", "help", "todo");
  }

  @Test
  void mattermost_url_without_a_bot_token_is_valid_for_response_url_answers() {
    Config config = load("mattermost: {url: 'https://chat.example.com'}");

    assertThat(config.mattermost().baseUrl()).contains("https://chat.example.com");
    assertThat(config.mattermost().canPost()).isFalse();
  }
}
