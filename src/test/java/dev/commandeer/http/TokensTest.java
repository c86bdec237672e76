package dev.commandeer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.config.Config;
import dev.commandeer.config.LiveConfig;
import dev.commandeer.config.TokenConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {

  static Config withTokens(TokenConfig... tokens) {
    Config base = TestService.config("server: {port: 0}\ntokens: [{name: seed, value: seed-0001}]");
    return new Config(
        base.server(),
        base.mattermost(),
        base.store(),
        List.of(tokens),
        base.commands(),
        base.limits(),
        base.admins(),
        base.log());
  }

  @Test
  void finds_the_configured_token_a_request_presents() {
    TokenConfig hook = new TokenConfig("hook", "hook-secret-1", List.of());
    Tokens tokens = new Tokens(new LiveConfig(withTokens(hook)).section(Config::tokens));

    assertThat(tokens.match("hook-secret-1")).contains(hook);
    assertThat(tokens.match("hook-secret-2")).isEmpty();
    assertThat(tokens.match("")).isEmpty();
    assertThat(tokens.match(null)).isEmpty();
  }

  @Test
  void a_replaced_configuration_is_followed_at_the_next_request() {
    TokenConfig old = new TokenConfig("hook", "old-secret-1", List.of());
    TokenConfig next = new TokenConfig("hook", "new-secret-1", List.of());
    LiveConfig live = new LiveConfig(withTokens(old));
    Tokens tokens = new Tokens(live.section(Config::tokens));
    assertThat(tokens.match("old-secret-1")).contains(old);

    live.replace(withTokens(next));

    assertThat(tokens.match("new-secret-1")).contains(next);
    assertThat(tokens.match("old-secret-1")).isEmpty();
  }
}
