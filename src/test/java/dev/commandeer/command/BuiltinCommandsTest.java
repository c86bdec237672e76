package dev.commandeer.command;

import static dev.commandeer.command.Fixtures.ANY_TOKEN;
import static dev.commandeer.command.Fixtures.allowing;
import static dev.commandeer.command.Fixtures.builtin;
import static dev.commandeer.command.Fixtures.config;
import static dev.commandeer.command.Fixtures.deploy;
import static dev.commandeer.command.Fixtures.group;
import static dev.commandeer.command.Fixtures.program;
import static dev.commandeer.command.Fixtures.users;
import static dev.commandeer.command.ResolutionTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.CommandConfig;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import dev.commandeer.store.MemoryStore;
import dev.commandeer.store.RunOutcome;
import dev.commandeer.store.RunRecord;
import dev.commandeer.store.RunStatus;
import dev.commandeer.store.TodoItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BuiltinCommandsTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final String INSTANCE = "replica-a";

  /**
   * deploy for everyone, vault for carol only, ops → restart for everyone, the built-ins, and the
   * config name {@code tasks} for a second to-do command. Admin: root.
   */
  private static final Config CONFIG =
      config(
          List.of("root"),
          deploy(),
          allowing(users("carol"), program("vault", "Open the vault")),
          group("ops", "Operations", program("restart", "Restart", Fixtures.arg("service"))),
          builtin("echo"),
          builtin("todo"),
          builtin("history"),
          builtin("status"),
          builtin("cancel"),
          CommandConfig.builtin("tasks", "todo", null));

  private final MemoryStore store = new MemoryStore(Clock.fixed(NOW, ZoneOffset.UTC));
  private final CommandCatalog catalog = new CommandCatalog(CONFIG);
  private final List<String> cancelledHere = new ArrayList<>();
  private Predicate<String> cancelHere = id -> false;
  private final BuiltinCommands builtins =
      new BuiltinCommands(
          store,
          catalog,
          CONFIG,
          id -> {
            cancelledHere.add(id);
            return cancelHere.test(id);
          },
          Clock.fixed(NOW, ZoneOffset.UTC));

  private String ask(String user, String channel, String text) {
    return ask(user, channel, text, ANY_TOKEN, "self0000");
  }

  private String ask(String user, String channel, String text, TokenConfig token, String runId) {
    return ask(
        Fixtures.invocation(Invocation.Ingress.SLASH, "", text, user, channel, "acme"),
        token,
        runId);
  }

  private String ask(Invocation invocation, TokenConfig token, String runId) {
    Resolution.Run run = run(catalog.resolve(invocation, token));
    return builtins.run(run, invocation, token, runId).await();
  }

  /** A finished run of {@code command} by {@code user} in {@code channel}, created {@code ago}. */
  private RunRecord ran(
      String user, String channel, String command, String arguments, Duration ago) {
    RunRecord run = queued(user, channel, command, arguments, ago);
    Instant created = NOW.minus(ago);
    store.startRun(run.id(), created.plusSeconds(1)).await();
    store
        .finishRun(
            run.id(),
            new RunOutcome(RunStatus.SUCCEEDED, 0, created.plusSeconds(5), Duration.ofSeconds(4)))
        .await();
    return store.findRun(run.id()).await().orElseThrow();
  }

  private RunRecord running(String user, String channel, String command) {
    RunRecord run = queued(user, channel, command, "", Duration.ofMinutes(1));
    store.startRun(run.id(), NOW.minusSeconds(50)).await();
    return run;
  }

  private RunRecord queued(
      String user, String channel, String command, String arguments, Duration ago) {
    Invocation by = Fixtures.invocation(Invocation.Ingress.SLASH, "", "", user, channel, "acme");
    return store
        .insertRun(
            RunRecord.queued(INSTANCE, RunOrigins.of(by), command, arguments, NOW.minus(ago)))
        .await();
  }

  private RunRecord stored(String id) {
    return store.findRun(id).await().orElseThrow();
  }

  @Test
  void echo_repeats_the_text_or_says_there_was_none() {
    assertThat(ask("alice", "ops", "echo hello *world*")).isEqualTo("hello *world*");
    assertThat(ask("alice", "ops", "echo")).isEqualTo("_(nothing to echo)_");
  }

  @Nested
  class Todo {

    @Test
    void adds_numbered_items_and_lists_them_with_who_added_them() {
      assertThat(ask("alice", "ops", "todo add rotate the keys"))
          .isEqualTo("Added #1: rotate the keys");
      assertThat(ask("bob", "ops", "todo add renew the certificate"))
          .isEqualTo("Added #2: renew the certificate");

      assertThat(ask("carol", "ops", "todo list"))
          .isEqualTo(
              "**To-dos in this channel** (2 open, 0 done)\n"
                  + "- **#1** rotate the keys — alice\n"
                  + "- **#2** renew the certificate — bob");
    }

    @Test
    void keeps_the_text_exactly_as_typed() {
      ask("alice", "ops", "todo add  say \"hi\" to `ops`; $(not run)\nand   then 'this'  ");

      assertThat(store.listTodos("c-ops").await())
          .extracting(TodoItem::text)
          .containsExactly("say \"hi\" to `ops`; $(not run)\nand   then 'this'");
    }

    @Test
    void lists_when_given_no_action_and_says_when_the_list_is_empty() {
      String empty = "No to-dos in this channel yet. Add one with `todo add …`.";
      assertThat(ask("alice", "ops", "todo")).isEqualTo(empty);
      assertThat(ask("alice", "ops", "todo list")).isEqualTo(empty);
    }

    @Test
    void strikes_through_done_items_and_counts_them() {
      ask("alice", "ops", "todo add rotate the keys");
      ask("alice", "ops", "todo add renew the certificate");

      assertThat(ask("bob", "ops", "todo done 1")).isEqualTo("Done #1: ~~rotate the keys~~");
      assertThat(ask("bob", "ops", "todo done #1"))
          .isEqualTo("#1 was done already: ~~rotate the keys~~");
      assertThat(ask("bob", "ops", "todo list"))
          .isEqualTo(
              "**To-dos in this channel** (1 open, 1 done)\n"
                  + "- **#1** ~~rotate the keys~~ — alice\n"
                  + "- **#2** renew the certificate — alice");
    }

    @Test
    void shows_a_multi_line_item_on_one_line_in_the_list() {
      ask("alice", "ops", "todo add first line\n  second line");

      assertThat(ask("alice", "ops", "todo list"))
          .endsWith("- **#1** first line second line — alice");
    }

    @Test
    void deletes_an_item_without_reusing_its_number() {
      ask("alice", "ops", "todo add rotate the keys");
      ask("alice", "ops", "todo add renew the certificate");

      assertThat(ask("alice", "ops", "todo delete 2"))
          .isEqualTo("Deleted #2: renew the certificate");
      assertThat(ask("alice", "ops", "todo add patch the kernel"))
          .isEqualTo("Added #3: patch the kernel");
      assertThat(ask("alice", "ops", "todo list"))
          .contains("**#1** rotate the keys")
          .contains("**#3** patch the kernel")
          .doesNotContain("certificate");
    }

    @Test
    void says_clearly_when_there_is_no_such_item() {
      ask("alice", "ops", "todo add rotate the keys");
      ask("alice", "ops", "todo delete 1");

      String missing = "There is no to-do #1 in this channel. See them with `todo list`.";
      assertThat(ask("alice", "ops", "todo done 1")).isEqualTo(missing);
      assertThat(ask("alice", "ops", "todo delete 1")).isEqualTo(missing);
      assertThat(ask("alice", "ops", "todo done 7"))
          .isEqualTo("There is no to-do #7 in this channel. See them with `todo list`.");
    }

    @Test
    void asks_which_item_when_the_number_is_missing_or_not_a_number() {
      assertThat(ask("alice", "ops", "todo done"))
          .isEqualTo("Which to-do? Use `todo done <number>`, for example `todo done 3`.");
      assertThat(ask("alice", "ops", "todo delete the keys"))
          .isEqualTo("Which to-do? Use `todo delete <number>`, for example `todo delete 3`.");
    }

    @Test
    void answers_anything_else_with_a_short_usage() {
      String usage =
          "Use `todo add <text>`, `todo list`, `todo done <number>` or `todo delete <number>`.";
      assertThat(ask("alice", "ops", "todo finish 3")).isEqualTo(usage);
      assertThat(ask("alice", "ops", "todo list everything")).isEqualTo(usage);
    }

    @Test
    void names_the_command_as_configured_in_its_answers() {
      assertThat(ask("alice", "ops", "tasks"))
          .isEqualTo("No to-dos in this channel yet. Add one with `tasks add …`.");
      assertThat(ask("alice", "ops", "tasks add"))
          .isEqualTo("What should I add? Use `tasks add <text>`.");
    }

    @Test
    void refuses_empty_and_overlong_items_without_storing_them() {
      assertThat(ask("alice", "ops", "todo add   "))
          .isEqualTo("What should I add? Use `todo add <text>`.");
      assertThat(ask("alice", "ops", "todo add " + "é".repeat(1001)))
          .isEqualTo("A to-do can be at most 1000 characters long; this one has 1001.");
      assertThat(store.listTodos("c-ops").await()).isEmpty();

      assertThat(ask("alice", "ops", "todo add " + "é".repeat(1000))).startsWith("Added #1: ");
    }

    @Test
    void keeps_each_channel_s_list_apart() {
      ask("alice", "ops", "todo add rotate the keys");
      ask("alice", "random", "todo add order pizza");

      assertThat(ask("alice", "ops", "todo list"))
          .contains("rotate the keys")
          .doesNotContain("pizza");
      assertThat(ask("alice", "random", "todo list"))
          .contains("#1** order pizza")
          .doesNotContain("keys");
      assertThat(ask("alice", "random", "todo done 2")).startsWith("There is no to-do #2");
      assertThat(ask("alice", "random", "todo delete 1")).isEqualTo("Deleted #1: order pizza");
      assertThat(ask("alice", "ops", "todo list")).contains("rotate the keys");
    }

    @Test
    void keys_a_local_run_s_list_by_channel_name() {
      ask(Invocation.local("alice", "dev", "todo add try it locally"), null, "self0000");

      assertThat(store.listTodos("dev").await())
          .extracting(TodoItem::text)
          .containsExactly("try it locally");
      assertThat(ask(Invocation.local("alice", "prod", "todo list"), null, "self0000"))
          .startsWith("No to-dos");
    }

    @Test
    void leaves_items_out_of_a_list_that_would_not_fit_a_message() {
      String text = "x".repeat(TodoCommand.MAX_TEXT);
      for (int i = 0; i < 20; i++) {
        store.addTodo("c-ops", text, "alice").await();
      }

      String list = ask("alice", "ops", "todo list");

      assertThat(list.length()).isLessThanOrEqualTo(Reply.MAX_MESSAGE_CHARS);
      assertThat(list).contains("**#15** ").doesNotContain("**#16** ").endsWith("\n_…and 5 more._");
    }
  }

  @Nested
  class History {

    @Test
    void lists_the_channel_s_runs_newest_first_with_what_who_status_when_and_how_long() {
      ran("alice", "ops", "deploy", "api staging", Duration.ofHours(2));
      running("bob", "ops", "ops restart");

      assertThat(ask("carol", "ops", "history"))
          .isEqualTo(
              "**Recent runs in this channel**, newest first:\n"
                  + "- `"
                  + store.recentRuns("c-ops", 1).await().get(0).id()
                  + "` 🏃 running · `ops restart` · bob · 1m ago\n"
                  + "- `"
                  + store.recentRuns("c-ops", 2).await().get(1).id()
                  + "` ✅ succeeded · `deploy api staging` · alice · 2h ago · took 4.0s · exit 0");
    }

    @Test
    void shows_ten_runs_unless_asked_for_more_and_at_most_fifty() {
      for (int i = 60; i > 0; i--) {
        ran("alice", "ops", "deploy", "api", Duration.ofMinutes(i));
      }

      assertThat(lines(ask("alice", "ops", "history"))).hasSize(10);
      assertThat(lines(ask("alice", "ops", "history 3")))
          .hasSize(3)
          .allMatch(
              line ->
                  line.contains("· 1m ago")
                      || line.contains("· 2m ago")
                      || line.contains("· 3m ago"));
      assertThat(lines(ask("alice", "ops", "history 999"))).hasSize(50);
    }

    @Test
    void shows_only_this_channel_s_runs() {
      ran("alice", "ops", "deploy", "api", Duration.ofMinutes(5));
      ran("alice", "random", "deploy", "web", Duration.ofMinutes(4));

      assertThat(ask("alice", "ops", "history"))
          .contains("deploy api")
          .doesNotContain("deploy web");
      assertThat(ask("alice", "random", "history"))
          .contains("deploy web")
          .doesNotContain("deploy api");
    }

    @Test
    void says_so_when_nothing_has_run_in_the_channel() {
      assertThat(ask("alice", "ops", "history")).isEqualTo("Nothing has run in this channel yet.");
    }

    @Test
    void leaves_out_the_history_run_itself() {
      RunRecord self = running("alice", "ops", "history");

      assertThat(ask("alice", "ops", "history", ANY_TOKEN, self.id()))
          .isEqualTo("Nothing has run in this channel yet.");
    }

    @Test
    void hides_runs_of_commands_the_caller_may_not_run() {
      ran("carol", "ops", "vault", "", Duration.ofMinutes(5));
      ran("alice", "ops", "deploy", "api", Duration.ofMinutes(4));

      assertThat(ask("bob", "ops", "history")).contains("deploy api").doesNotContain("vault");
      assertThat(ask("carol", "ops", "history")).contains("vault").contains("deploy api");
      assertThat(ask("root", "ops", "history")).contains("vault").contains("deploy api");
    }

    @Test
    void hides_runs_of_commands_the_token_may_not_run() {
      TokenConfig narrow = new TokenConfig("narrow", "s", List.of("history", "deploy"));
      ran("alice", "ops", "ops restart", "api", Duration.ofMinutes(5));
      ran("alice", "ops", "deploy", "api", Duration.ofMinutes(4));

      assertThat(ask("bob", "ops", "history", narrow, "self0000"))
          .contains("deploy api")
          .doesNotContain("restart");
    }

    @Test
    void shows_the_caller_their_own_runs_and_hides_runs_of_removed_commands() {
      ran("bob", "ops", "vault", "", Duration.ofMinutes(6));
      ran("alice", "ops", "launch", "rockets", Duration.ofMinutes(5));

      assertThat(ask("bob", "ops", "history")).contains("`vault`").doesNotContain("launch");
      assertThat(ask("root", "ops", "history")).contains("launch rockets");
    }

    @Test
    void fills_its_count_past_runs_the_caller_may_not_see() {
      ran("alice", "ops", "deploy", "api", Duration.ofMinutes(30));
      for (int i = 20; i > 0; i--) {
        ran("carol", "ops", "vault", "", Duration.ofMinutes(i));
      }

      assertThat(lines(ask("bob", "ops", "history 1")))
          .singleElement()
          .asString()
          .contains("deploy api");
    }

    private List<String> lines(String answer) {
      return answer.lines().filter(line -> line.startsWith("- ")).toList();
    }
  }

  @Nested
  class Status {

    @Test
    void describes_a_finished_run() {
      RunRecord run = ran("alice", "ops", "deploy", "api staging", Duration.ofMinutes(3));

      assertThat(ask("bob", "random", "status " + run.id()))
          .isEqualTo(
              "**Run `"
                  + run.id()
                  + "`** ✅ succeeded\n"
                  + "- Command: `deploy api staging`\n"
                  + "- By: alice in ~ops\n"
                  + "- Created: 2025-03-01 11:57:00 UTC (3m ago)\n"
                  + "- Started: 2025-03-01 11:57:01 UTC (2m ago)\n"
                  + "- Finished: 2025-03-01 11:57:05 UTC (2m ago)\n"
                  + "- Took: 4.0s\n"
                  + "- Exit code: 0\n"
                  + "- Reply: none");
    }

    @Test
    void describes_a_running_run_and_a_requested_cancel() {
      RunRecord run = running("alice", "ops", "ops restart");
      store.requestCancel(run.id()).await();

      assertThat(ask("alice", "ops", "status " + run.id().toUpperCase()))
          .startsWith("**Run `" + run.id() + "`** 🏃 running\n- Command: `ops restart`")
          .contains("- Started: 2025-03-01 11:59:10 UTC (50s ago)")
          .doesNotContain("Finished")
          .doesNotContain("Exit code")
          .endsWith("- Reply: none\n- Cancel: requested");
    }

    @Test
    void says_there_is_no_such_run() {
      assertThat(ask("alice", "ops", "status zzzz9999")).isEqualTo("No run `zzzz9999`.");
    }

    @Test
    void answers_a_run_the_caller_may_not_see_as_if_it_did_not_exist() {
      RunRecord vault = ran("carol", "ops", "vault", "", Duration.ofMinutes(3));

      assertThat(ask("bob", "ops", "status " + vault.id()))
          .isEqualTo("No run `" + vault.id() + "`.");
      assertThat(ask("carol", "ops", "status " + vault.id())).startsWith("**Run `" + vault.id());
      assertThat(ask("root", "ops", "status " + vault.id())).startsWith("**Run `" + vault.id());
    }
  }

  @Nested
  class Cancel {

    @Test
    void cancels_at_once_a_run_of_this_process() {
      RunRecord run = running("alice", "ops", "deploy");
      cancelHere = id -> true;

      assertThat(ask("alice", "ops", "cancel " + run.id()))
          .isEqualTo("🛑 Cancelling run `" + run.id() + "`…");
      assertThat(cancelledHere).containsExactly(run.id());
      assertThat(stored(run.id()).cancelRequested()).isFalse();
    }

    @Test
    void asks_the_replica_running_it_when_the_run_is_not_here() {
      RunRecord run = running("alice", "ops", "deploy");

      assertThat(ask("alice", "ops", "cancel " + run.id()))
          .isEqualTo(
              "🛑 Cancel requested for run `"
                  + run.id()
                  + "`; the replica running it stops it within a few seconds.");
      assertThat(cancelledHere).containsExactly(run.id());
      assertThat(stored(run.id()).cancelRequested()).isTrue();
      assertThat(store.cancelRequests(INSTANCE).await()).containsExactly(run.id());
    }

    @Test
    void cancels_a_queued_run_too() {
      RunRecord run = queued("alice", "ops", "deploy", "api", Duration.ofSeconds(3));

      assertThat(ask("alice", "ops", "cancel " + run.id())).startsWith("🛑 Cancel requested");
      assertThat(stored(run.id()).cancelRequested()).isTrue();
    }

    @Test
    void lets_an_admin_cancel_anybody_s_run() {
      RunRecord run = running("alice", "ops", "deploy");

      assertThat(ask("root", "random", "cancel " + run.id())).startsWith("🛑 Cancel requested");
      assertThat(stored(run.id()).cancelRequested()).isTrue();
    }

    @Test
    void refuses_somebody_else_s_run_without_touching_it() {
      RunRecord run = running("alice", "ops", "deploy");

      assertThat(ask("bob", "ops", "cancel " + run.id()))
          .isEqualTo("Only alice or an admin can cancel run `" + run.id() + "`.");
      assertThat(cancelledHere).isEmpty();
      assertThat(stored(run.id()).cancelRequested()).isFalse();
    }

    @Test
    void answers_a_run_the_caller_may_not_see_as_if_it_did_not_exist() {
      RunRecord run = running("carol", "ops", "vault");

      assertThat(ask("bob", "ops", "cancel " + run.id())).isEqualTo("No run `" + run.id() + "`.");
      assertThat(cancelledHere).isEmpty();
      assertThat(stored(run.id()).cancelRequested()).isFalse();
    }

    @Test
    void says_there_is_no_such_run() {
      assertThat(ask("alice", "ops", "cancel zzzz9999")).isEqualTo("No run `zzzz9999`.");
      assertThat(cancelledHere).isEmpty();
    }

    @Test
    void says_when_the_run_has_ended_already() {
      RunRecord run = ran("alice", "ops", "deploy", "api", Duration.ofMinutes(3));

      assertThat(ask("alice", "ops", "cancel " + run.id()))
          .isEqualTo("Run `" + run.id() + "` already ended (succeeded).");
      assertThat(cancelledHere).isEmpty();
    }

    @Test
    void says_when_the_run_ended_while_the_cancel_was_on_its_way() {
      RunRecord run = running("alice", "ops", "deploy");
      cancelHere =
          id -> {
            store.finishRun(id, new RunOutcome(RunStatus.FAILED, 1, NOW, Duration.ofSeconds(50)));
            return false;
          };

      assertThat(ask("alice", "ops", "cancel " + run.id()))
          .isEqualTo("Run `" + run.id() + "` already ended (failed).");
    }
  }
}
