package dev.commandeer.config;

import static dev.commandeer.config.Refusal.refuses;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad command is refused with a problem at its exact path, in words a user understands. */
class InvalidCommandsTest {

  @ParameterizedTest
  @MethodSource({"commands", "runs", "args", "commandSettings", "groups"})
  void refuses_bad_commands(Refusal refusal) {
    refusal.check();
  }

  static Stream<Refusal> commands() {
    return Stream.of(
        refuses("commands: [deploy]", "commands", "must be a mapping"),
        refuses(
            "commands: {Deploy: {builtin: echo}}", "commands.Deploy", "not a valid command name"),
        refuses("commands: {'-x': {builtin: echo}}", "commands.-x", "not a valid command name"),
        refuses("commands: {help: {builtin: echo}}", "commands.help", "reserved", "always exists"),
        refuses(
            "commands: {x: {description: hi}}", "commands.x", "needs one of `run`", "`builtin`"),
        refuses(
            "commands: {x: {builtin: echo, run: [ls]}}",
            "commands.x",
            "run and builtin",
            "choose one"),
        refuses(
            "commands: {x: {builtin: ech}}",
            "commands.x.builtin",
            "echo, todo, history, status, cancel",
            "did you mean `echo`"),
        refuses("commands: {x: {builtin: help}}", "commands.x.builtin", "must be one of echo"),
        refuses("commands: {x: {bultin: echo}}", "commands.x.bultin", "did you mean `builtin`"),
        refuses(
            "commands: {x: {builtin: echo, args: [{name: a}]}}",
            "commands.x.args",
            "only to commands with `run`"),
        refuses(
            "commands: {x: {builtin: echo, cwd: /tmp}}",
            "commands.x.cwd",
            "only to commands with `run`"));
  }

  static Stream<Refusal> runs() {
    String arg = ", args: [{name: service}]}}";
    return Stream.of(
        refuses("commands: {x: {run: []}}", "commands.x.run", "must not be empty"),
        refuses("commands: {x: {run: 'deploy.sh {service}'}}", "commands.x.run", "must be a list"),
        refuses("commands: {x: {run: [ls, '']}}", "commands.x.run[1]", "must not be empty"),
        refuses("commands: {x: {run: [ls, [a]]}}", "commands.x.run[1]", "single value"),
        refuses(
            "commands: {x: {run: [bin/deploy]}}",
            "commands.x.run[0]",
            "absolute path or a bare program name"),
        refuses("commands: {x: {run: ['{service}', a]" + arg, "commands.x.run[0]", "must be fixed"),
        refuses(
            "commands: {x: {run: [ls, '{svc}']" + arg,
            "commands.x.run[1]",
            "`{svc}` names no declared arg",
            "declared: service"),
        refuses(
            "commands: {x: {run: [ls, '{servce}']" + arg,
            "commands.x.run[1]",
            "did you mean `{service}`?"),
        refuses("commands: {x: {run: [ls, '{x}']}}", "commands.x.run[1]", "no args are declared"),
        refuses(
            "commands: {x: {run: [ls, '{service']" + arg,
            "commands.x.run[1]",
            "unclosed `{`",
            "`{{`"),
        refuses("commands: {x: {run: [ls, 'a}b']" + arg, "commands.x.run[1]", "lone `}`", "`}}`"),
        refuses(
            "commands: {x: {run: [ls, '{}']}}", "commands.x.run[1]", "`{}` names no declared arg"));
  }

  static Stream<Refusal> args() {
    String run = "commands:\n  deploy:\n    run: [ls]\n    args:\n";
    return Stream.of(
        refuses(
            run + "      - {name: service}\n      - {name: env, choices: []}",
            "commands.deploy.args[1].choices",
            "must not be empty"),
        refuses(run + "      - {description: x}", "commands.deploy.args[0].name", "is required"),
        refuses(
            run + "      - {name: Env}", "commands.deploy.args[0].name", "not a valid arg name"),
        refuses(
            run + "      - {name: env}\n      - {name: env}",
            "commands.deploy.args[1].name",
            "already used by commands.deploy.args[0]"),
        refuses(
            run + "      - {name: a, pattern: '[a-'}",
            "commands.deploy.args[0].pattern",
            "not a valid regular expression"),
        refuses(
            run + "      - {name: a, pattern: ''}",
            "commands.deploy.args[0].pattern",
            "must not be empty"),
        refuses(
            run + "      - {name: a, pattern: '[a-z]+', default: A1}",
            "commands.deploy.args[0].default",
            "'A1' does not match the pattern [a-z]+"),
        refuses(
            run + "      - {name: a, choices: [x, y], default: z}",
            "commands.deploy.args[0].default",
            "'z' is not one of the choices x, y"),
        refuses(
            run + "      - {name: a, default: x, required: true}",
            "commands.deploy.args[0].required",
            "cannot be true when a default is given"),
        refuses(
            run + "      - {name: a, required: maybe}",
            "commands.deploy.args[0].required",
            "must be true or false, got 'maybe'"),
        refuses(
            run + "      - {name: a, rest: true}\n      - {name: b}",
            "commands.deploy.args[0].rest",
            "only the last arg"),
        refuses(
            run + "      - {name: a, choises: [x]}",
            "commands.deploy.args[0].choises",
            "did you mean `choices`"),
        refuses(run + "      - service", "commands.deploy.args[0]", "must be a mapping", "name"),
        refuses(
            "commands: {x: {run: [ls], args: {name: a}}}", "commands.x.args", "must be a list"));
  }

  static Stream<Refusal> commandSettings() {
    String x = "commands:\n  x:\n    run: [ls]\n    ";
    return Stream.of(
        refuses(x + "env: {PATH: /bin}", "commands.x.env.PATH", "cannot be replaced"),
        refuses(x + "env: {LANG: C}", "commands.x.env.LANG", "cannot be replaced"),
        refuses(x + "env: {MM_USER_NAME: bob}", "commands.x.env.MM_USER_NAME", "reserved"),
        refuses(x + "env: {ARG_SERVICE: x}", "commands.x.env.ARG_SERVICE", "reserved"),
        refuses(x + "env: {1ABC: x}", "commands.x.env.1ABC", "not a variable name"),
        refuses(x + "env: {A: [1]}", "commands.x.env.A", "single value"),
        refuses(x + "env: {A: }", "commands.x.env.A", "must have a value"),
        refuses(x + "env: [A]", "commands.x.env", "must be a mapping"),
        refuses(x + "cwd: opt/ops", "commands.x.cwd", "absolute path"),
        refuses(x + "timeout: 500ms", "commands.x.timeout", "between 1s and 24h, got 500ms"),
        refuses(x + "timeout: 48h", "commands.x.timeout", "between 1s and 24h"),
        refuses(x + "timeout: soon", "commands.x.timeout", "'soon' is not a duration"),
        refuses(x + "concurrency: -1", "commands.x.concurrency", "between 0 and 1024"),
        refuses(x + "concurrency: 2000", "commands.x.concurrency", "between 0 and 1024"),
        refuses(
            x + "maxOutputBytes: 100", "commands.x.maxOutputBytes", "between 1024 and 16777216"),
        refuses(
            x + "reply: threaded",
            "commands.x.reply",
            "auto, inline, thread, ephemeral, channel",
            "did you mean `thread`"),
        refuses(x + "rate: 5/0s", "commands.x.rate", "between 1s and 24h"),
        refuses(x + "allow: {users: alice}", "commands.x.allow.users", "must be a list"),
        refuses(x + "allow: {user: [alice]}", "commands.x.allow.user", "did you mean `users`"),
        refuses(x + "allow: [alice]", "commands.x.allow", "must be a mapping"));
  }

  static Stream<Refusal> groups() {
    return Stream.of(
        refuses(
            "commands: {ops: {commands: {}}}", "commands.ops.commands", "at least one sub-command"),
        refuses(
            "commands: {ops: {commands: {deploy: {run: [ls]}}, timeout: 5m}}",
            "commands.ops.timeout",
            "set it on its sub-commands"),
        refuses(
            "commands: {ops: {commands: {deploy: {run: []}}}}",
            "commands.ops.commands.deploy.run",
            "must not be empty"),
        refuses(
            "commands: {ops: {commands: {help: {builtin: echo}}}}",
            "commands.ops.commands.help",
            "reserved"),
        refuses(
            "commands: {a: {commands: {b: {commands: {c: {commands: {d: {builtin: echo}}}}}}}}",
            "commands.a.commands.b.commands.c.commands",
            "nest at most 3 levels"));
  }
}
