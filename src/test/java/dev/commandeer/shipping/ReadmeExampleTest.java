package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.config.Config;
import dev.commandeer.config.ConfigLoader;
import dev.commandeer.config.ConfigResult;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The configuration the README shows is one Commandeer accepts, and means what it says. */
class ReadmeExampleTest {

  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

  @Test
  void the_readme_configuration_loads_without_problems() {
    Matcher block = YAML_BLOCK.matcher(ProjectFiles.read("README.md"));
    assertThat(block.find()).as("README.md has a yaml block").isTrue();

    ConfigResult result =
        ConfigLoader.fromYaml(
            block.group(1),
            Map.of(
                "MM_BOT_TOKEN", "bot-token-0123456789",
                "MM_HOOK_TOKEN", "hook-token-0123456789",
                "MM_SLASH_TOKEN", "slash-token-0123456789"));

    assertThat(result.problems()).isEmpty();
    Config config = result.config().orElseThrow();
    assertThat(config.commands()).containsKeys("deploy", "ops", "echo");
    assertThat(config.store().inMemory()).isTrue();
    assertThat(config.store().keepHistory()).isEqualTo(Duration.ofDays(30));
    assertThat(config.tokens()).hasSize(2);
  }
}
