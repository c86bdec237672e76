package dev.commandeer.config;

import static dev.commandeer.config.Refusal.refuses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bad service setting is refused with a problem at its exact path, in words a user
 * understands.
 */
class InvalidSettingsTest {

  @ParameterizedTest
  @MethodSource({"top", "server", "mattermost", "store", "limits", "log", "tokens"})
  void refuses_bad_service_settings(Refusal refusal) {
    refusal.check();
  }

  @Test
  void a_value_that_should_be_a_mapping_is_one_problem_not_one_per_missing_key() {
    ConfigResult result = ConfigLoader.fromYaml("tokens: [hook]\ncommands: {x: 5}", Map.of());

    assertThat(result.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("commands.x", "tokens[0]");
  }

  static Stream<Refusal> top() {
    return Stream.of(
        refuses("comands: {}", "comands", "unknown key", "did you mean `commands`?"),
        refuses("frobnicate: 1", "frobnicate", "unknown key", "expected one of server, mattermost"),
        refuses("admins: alice", "admins", "must be a list"),
        refuses("admins: [{name: alice}]", "admins[0]", "must be a single value, not a mapping"),
        refuses("server: 5", "server", "must be a mapping", "port"));
  }

  static Stream<Refusal> server() {
    return Stream.of(
        refuses("server: {port: 70000}", "server.port", "must be between 0 and 65535, got 70000"),
        refuses("server: {port: -1}", "server.port", "between 0 and 65535, got -1"),
        refuses("server: {port: http}", "server.port", "whole number", "'http'"),
        refuses("server: {port: 80.5}", "server.port", "whole number"),
        refuses("server: {maxBodyBytes: 100}", "server.maxBodyBytes", "between 1024 and 10485760"),
        refuses(
            "server: {inlineBudget: 2x}",
            "server.inlineBudget",
            "'2x' is not a duration (write e.g. 500ms, 30s, 15m, 1h, 30d)"),
        refuses("server: {inlineBudget: 2}", "server.inlineBudget", "'2' is not a duration"),
        refuses(
            "server: {inlineBudget: 30s}", "server.inlineBudget", "between 0s and 25s, got 30s"),
        refuses("server: {shutdownGrace: 2h}", "server.shutdownGrace", "between 0s and 1h"),
        refuses("server: {host: ''}", "server.host", "must not be empty"),
        refuses("server: {prot: 1}", "server.prot", "unknown key (did you mean `port`?)"),
        refuses(
            "server: {inlinebudget: 1s}", "server.inlinebudget", "did you mean `inlineBudget`"));
  }

  static Stream<Refusal> mattermost() {
    String token = "\n  botToken: abcdefgh";
    return Stream.of(
        refuses("mattermost:\n  url: ftp://chat" + token, "mattermost.url", "absolute http(s) URL"),
        refuses("mattermost:\n  url: chat.example.com" + token, "mattermost.url", "absolute"),
        refuses("mattermost:\n  url: https://chat/?x=1" + token, "mattermost.url", "without query"),
        refuses(
            "mattermost:\n  url: https://u:p@chat" + token,
            "mattermost.url",
            "user name or password"),
        refuses(
            "mattermost: {botToken: abcdefgh}",
            "mattermost.url",
            "required when mattermost.botToken"),
        refuses("mattermost: {timeout: 50ms}", "mattermost.timeout", "between 100ms and 2m"),
        refuses("mattermost: {timeout: 3m}", "mattermost.timeout", "between 100ms and 2m"),
        refuses("mattermost: {bottoken: x}", "mattermost.bottoken", "did you mean `botToken`"));
  }

  static Stream<Refusal> store() {
    return Stream.of(
        refuses("store: {url: 'mysql://db/x'}", "store.url", "postgresql://", "in-memory"),
        refuses("store: {poolSize: 0}", "store.poolSize", "between 1 and 100"),
        refuses("store: {poolSize: 101}", "store.poolSize", "between 1 and 100"),
        refuses("store: {keepHistory: 1d}", "store.keepHistory", "between 2d and 3650d, got 1d"),
        refuses("store: {keepHistory: forever}", "store.keepHistory", "forever"));
  }

  static Stream<Refusal> limits() {
    return Stream.of(
        refuses("limits: {perUser: 5per1m}", "limits.perUser", "'5per1m' is not a rate", "5/1m"),
        refuses("limits: {perUser: 0/1m}", "limits.perUser", "between 1 and 100000, got 0"),
        refuses("limits: {perUser: 5/2d}", "limits.perUser", "between 1s and 24h"),
        refuses("limits: {perUser: 5/1x}", "limits.perUser", "is not a duration"),
        refuses("limits: {running: 0}", "limits.running", "between 1 and 1024"),
        refuses("limits: {queue: 100001}", "limits.queue", "between 0 and 100000"));
  }

  static Stream<Refusal> log() {
    return Stream.of(
        refuses("log: {format: xml}", "log.format", "must be one of text, json, got 'xml'"),
        refuses("log: {format: jsn}", "log.format", "did you mean `json`"),
        refuses("log: {level: loud}", "log.level", "TRACE, DEBUG, INFO, WARN, ERROR"));
  }

  static Stream<Refusal> tokens() {
    return Stream.of(
        refuses("tokens: {name: a}", "tokens", "must be a list"),
        refuses("tokens: [{value: abcdefgh}]", "tokens[0].name", "is required"),
        refuses("tokens: [{name: a}]", "tokens[0].value", "is required"),
        refuses("tokens: [{name: a, value: '   '}]", "tokens[0].value", "must not be blank"),
        refuses("tokens: [{name: a, value: abc}]", "tokens[0].value", "too short", "at least 8"),
        refuses(
            "tokens: [{name: a, value: abcdefgh}, {name: a, value: 12345678}]",
            "tokens[1].name",
            "'a' is already used by tokens[0]"),
        refuses(
            "tokens: [{name: a, value: abcdefgh}, {name: b, value: abcdefgh}]",
            "tokens[1].value",
            "same as the value of tokens[0] (a)"),
        refuses(
            "tokens: [{name: a, value: abcdefgh, commands: [ecoh]}]",
            "tokens[0].commands[0]",
            "no command `ecoh` is configured",
            "did you mean `echo`"),
        refuses("tokens: [{name: a, vaule: abcdefgh}]", "tokens[0].vaule", "did you mean `value`"));
  }
}
