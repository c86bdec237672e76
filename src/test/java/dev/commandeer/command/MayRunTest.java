package dev.commandeer.command;

import static dev.commandeer.command.Fixtures.ANY_TOKEN;
import static dev.commandeer.command.Fixtures.allowing;
import static dev.commandeer.command.Fixtures.arg;
import static dev.commandeer.command.Fixtures.channels;
import static dev.commandeer.command.Fixtures.config;
import static dev.commandeer.command.Fixtures.deploy;
import static dev.commandeer.command.Fixtures.group;
import static dev.commandeer.command.Fixtures.program;
import static dev.commandeer.command.Fixtures.users;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Invocation;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CommandCatalog#mayRun}: the permission rules of resolving, applied to recorded runs. */
class MayRunTest {

  private static final Config CONFIG =
      config(
          List.of("root"),
          deploy(),
          allowing(users("carol"), program("vault", "Open the vault")),
          allowing(
              channels("ops"),
              group(
                  "ops",
                  "Operations",
                  program("restart", "Restart", arg("service")),
                  allowing(users("carol"), program("purge", "Purge")))));

  private final CommandCatalog catalog = new CommandCatalog(CONFIG);

  private static Invocation by(String user, String channel) {
    return Fixtures.invocation(Invocation.Ingress.SLASH, "", "", user, channel, "acme");
  }

  @Test
  void follows_the_allow_lists_of_a_top_level_command() {
    assertThat(catalog.mayRun("deploy", by("bob", "ops"), ANY_TOKEN)).isTrue();
    assertThat(catalog.mayRun("vault", by("carol", "ops"), ANY_TOKEN)).isTrue();
    assertThat(catalog.mayRun("vault", by("bob", "ops"), ANY_TOKEN)).isFalse();
  }

  @Test
  void follows_every_level_of_a_space_joined_path() {
    assertThat(catalog.mayRun("ops restart", by("bob", "ops"), ANY_TOKEN)).isTrue();
    assertThat(catalog.mayRun("ops restart", by("bob", "random"), ANY_TOKEN)).isFalse();
    assertThat(catalog.mayRun("ops purge", by("bob", "ops"), ANY_TOKEN)).isFalse();
    assertThat(catalog.mayRun("ops purge", by("carol", "ops"), ANY_TOKEN)).isTrue();
  }

  @Test
  void follows_the_token_s_commands() {
    TokenConfig deployOnly = new TokenConfig("narrow", "s", List.of("deploy"));

    assertThat(catalog.mayRun("deploy", by("bob", "ops"), deployOnly)).isTrue();
    assertThat(catalog.mayRun("ops restart", by("bob", "ops"), deployOnly)).isFalse();
    assertThat(catalog.mayRun("ops restart", by("bob", "ops"), null)).isTrue();
  }

  @Test
  void is_false_for_commands_the_config_does_not_have() {
    assertThat(catalog.mayRun("launch", by("bob", "ops"), ANY_TOKEN)).isFalse();
    assertThat(catalog.mayRun("ops launch", by("bob", "ops"), ANY_TOKEN)).isFalse();
    assertThat(catalog.mayRun("deploy api", by("bob", "ops"), ANY_TOKEN)).isFalse();
    assertThat(catalog.mayRun("", by("bob", "ops"), ANY_TOKEN)).isFalse();
  }

  @Test
  void makes_no_exception_for_admins() {
    assertThat(catalog.mayRun("vault", by("root", "ops"), ANY_TOKEN)).isFalse();
  }
}
