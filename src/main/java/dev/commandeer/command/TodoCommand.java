package dev.commandeer.command;

import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.store.Store;
import dev.commandeer.store.TodoItem;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code todo add <text>}, {@code todo list}, {@code todo done <n>} and {@code todo delete <n>}: a
 * to-do list per channel, kept in the store.
 */
final class TodoCommand {

  static final int MAX_TEXT = 1000;

  private static final Pattern NUMBER = Pattern.compile("#?([0-9]{1,9})");
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

  /** Room kept for the heading and the note about items left out. */
  private static final int FRAME = 200;

  private final Store store;

  TodoCommand(Store store) {
    this.store = store;
  }

  /**
   * @param name the command as configured, for usage lines ({@code todo})
   * @param action everything typed after it
   */
  Future<String> run(String name, String action, Invocation invocation) {
    String channel = RunOrigins.channelKey(invocation);
    String[] parts = action.strip().split("\\s+", 2);
    String verb = parts[0].toLowerCase(Locale.ROOT);
    String rest = parts.length > 1 ? parts[1].strip() : "";
    return switch (verb) {
      case "", "list" -> rest.isEmpty() ? list(name, channel) : usage(name);
      case "add" -> add(name, channel, rest, RunOrigins.caller(invocation));
      case "done" ->
          number(rest).map(n -> done(name, channel, n)).orElseGet(() -> which(name, verb));
      case "delete" ->
          number(rest).map(n -> delete(name, channel, n)).orElseGet(() -> which(name, verb));
      default -> usage(name);
    };
  }

  private Future<String> add(String name, String channel, String text, String author) {
    if (text.isEmpty()) {
      return answer("What should I add? Use " + Markdown.code(name + " add <text>") + ".");
    }
    int length = text.codePointCount(0, text.length());
    if (length > MAX_TEXT) {
      return answer(
          "A to-do can be at most " + MAX_TEXT + " characters long; this one has " + length + ".");
    }
    return store
        .addTodo(channel, text, author)
        .map(item -> "Added #" + item.number() + ": " + item.text());
  }

  private Future<String> list(String name, String channel) {
    return store.listTodos(channel).map(items -> listing(name, items));
  }

  private Future<String> done(String name, String channel, int number) {
    return find(channel, number)
        .compose(item -> item.map(i -> markDone(name, i)).orElseGet(() -> missing(name, number)));
  }

  private Future<String> markDone(String name, TodoItem item) {
    if (item.done()) {
      return answer("#" + item.number() + " was done already: " + struck(item));
    }
    return store
        .doneTodo(item.channelId(), item.number())
        .compose(
            ok ->
                ok
                    ? answer("Done #" + item.number() + ": " + struck(item))
                    : missing(name, item.number()));
  }

  private Future<String> delete(String name, String channel, int number) {
    return find(channel, number)
        .compose(item -> item.map(i -> remove(name, i)).orElseGet(() -> missing(name, number)));
  }

  private Future<String> remove(String name, TodoItem item) {
    return store
        .deleteTodo(item.channelId(), item.number())
        .compose(
            ok ->
                ok
                    ? answer("Deleted #" + item.number() + ": " + oneLine(item))
                    : missing(name, item.number()));
  }

  private Future<Optional<TodoItem>> find(String channel, int number) {
    return store
        .listTodos(channel)
        .map(items -> items.stream().filter(item -> item.number() == number).findFirst());
  }

  private static String listing(String name, List<TodoItem> items) {
    if (items.isEmpty()) {
      return "No to-dos in this channel yet. Add one with " + Markdown.code(name + " add …") + ".";
    }
    long open = items.stream().filter(item -> !item.done()).count();
    StringBuilder text =
        new StringBuilder("**To-dos in this channel** (")
            .append(open)
            .append(" open, ")
            .append(items.size() - open)
            .append(" done)");
    int room = Reply.MAX_MESSAGE_CHARS - FRAME;
    for (int i = 0; i < items.size(); i++) {
      String line = "\n- " + line(items.get(i));
      if (text.length() + line.length() > room) {
        return text.append("\n_…and ").append(items.size() - i).append(" more._").toString();
      }
      text.append(line);
    }
    return text.toString();
  }

  private static String line(TodoItem item) {
    String text = item.done() ? struck(item) : oneLine(item);
    String by = item.author().isEmpty() ? "" : " — " + item.author();
    return "**#" + item.number() + "** " + text + by;
  }

  private static String struck(TodoItem item) {
    return "~~" + oneLine(item) + "~~";
  }

  private static String oneLine(TodoItem item) {
    return LINE_BREAKS.matcher(item.text()).replaceAll(" ");
  }

  private static Optional<Integer> number(String text) {
    Matcher m = NUMBER.matcher(text);
    return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  private static Future<String> missing(String name, int number) {
    return answer(
        "There is no to-do #"
            + number
            + " in this channel. See them with "
            + Markdown.code(name + " list")
            + ".");
  }

  private static Future<String> which(String name, String verb) {
    return answer(
        "Which to-do? Use "
            + Markdown.code(name + " " + verb + " <number>")
            + ", for example "
            + Markdown.code(name + " " + verb + " 3")
            + ".");
  }

  private static Future<String> usage(String name) {
    return answer(
        "Use "
            + Markdown.orList(
                List.of(
                    name + " add <text>",
                    name + " list",
                    name + " done <number>",
                    name + " delete <number>"))
            + ".");
  }

  private static Future<String> answer(String text) {
    return Future.succeededFuture(text);
  }
}
