package dev.commandeer.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseUrlsTest {

  private final ResponseUrls urls = new ResponseUrls("https://chat.example.com/mm", 100);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://chat.example.com/mm/hooks/commands/k3x9qz7yfbnd8ej5uwp1ocm4ra",
        "https://CHAT.Example.com:443/mm/hooks/commands/k3x9qz7yfbnd8ej5uwp1ocm4ra",
        "HTTPS://chat.example.com/mm/hooks/commands/k3x9qz7yfbnd8ej5uwp1ocm4ra"
      })
  void accepts_a_command_hook_under_the_configured_server_and_path(String url) {
    assertThat(urls.hookIdOf(url)).isEqualTo("k3x9qz7yfbnd8ej5uwp1ocm4ra");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://chat.example.com/mm/hooks/commands/abc",
        "https://chat.example.com:8443/mm/hooks/commands/abc",
        "https://chat.example.com.evil.net/mm/hooks/commands/abc",
        "https://chat.example.com/hooks/commands/abc",
        "https://chat.example.com/mm/../hooks/commands/abc",
        "https://chat.example.com/mm/hooks/commands/abc#fragment"
      })
  void refuses_anything_else(String url) {
    assertThatIllegalArgumentException().isThrownBy(() -> urls.hookIdOf(url));
  }

  @Test
  void calls_the_url_rebuilt_from_the_configured_base() {
    assertThat(urls.urlOf("abc")).isEqualTo("https://chat.example.com/mm/hooks/commands/abc");
  }

  @Test
  void allows_five_uses_of_each_hook() {
    for (int i = 0; i < ResponseUrls.MAX_USES; i++) {
      assertThat(urls.tryUse("abc")).isTrue();
    }

    assertThat(urls.tryUse("abc")).isFalse();
    assertThat(urls.tryUse("def")).isTrue();
  }
}
