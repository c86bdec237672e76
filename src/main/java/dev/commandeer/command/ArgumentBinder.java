package dev.commandeer.command;

import dev.commandeer.config.ArgConfig;
import dev.commandeer.config.Suggestions;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives a command's declared arguments their values from the words after the command name:
 * positional in declared order, {@code --name value} or {@code --name=value} by name, {@code --}
 * ending options, and a final {@code rest} argument taking the remaining text as typed.
 *
 * <p>Problems are {@link CommandException}s that state what is wrong; the caller adds the usage.
 */
final class ArgumentBinder {

  /** The values in declared order, or a request for the command's help. */
  record Binding(Map<String, String> values, boolean helpRequested) {}

  private final List<ArgConfig> args;
  private final WordReader words;
  private final Map<String, String> given = new HashMap<>();
  private boolean optionsEnded;
  private boolean helpRequested;

  private ArgumentBinder(List<ArgConfig> args, WordReader words) {
    this.args = args;
    this.words = words;
  }

  static Binding bind(List<ArgConfig> args, WordReader words) {
    return new ArgumentBinder(args, words).bind();
  }

  private Binding bind() {
    while (words.hasNext()) {
      Optional<ArgConfig> next = nextPositional();
      if (next.isPresent() && next.get().rest() && !optionAhead()) {
        give(next.get(), words.rest());
        break;
      }
      Word word = words.next();
      if (!optionsEnded && word.value().equals("--")) {
        optionsEnded = true;
      } else if (!optionsEnded && word.value().startsWith("--")) {
        option(word);
      } else {
        give(next.orElseThrow(() -> tooMany(word)), word.value());
      }
    }
    return helpRequested ? new Binding(Map.of(), true) : new Binding(complete(), false);
  }

  /**
   * Whether the text where the rest argument would start is an option instead: {@code --help} or an
   * argument not given yet. Anything else, {@code --} words included, belongs to the rest.
   */
  private boolean optionAhead() {
    if (optionsEnded || !words.peekRaw().startsWith("--")) {
      return false;
    }
    String word;
    try {
      word = words.peek().value();
    } catch (CommandException badlyQuoted) {
      return false;
    }
    return word.equals("--") || isOpenOption(optionName(word));
  }

  private boolean isOpenOption(String name) {
    Optional<ArgConfig> arg = named(name);
    return arg.map(a -> !given.containsKey(a.name())).orElse(name.equals("help"));
  }

  private static String optionName(String word) {
    String body = word.substring(2);
    int eq = body.indexOf('=');
    return eq < 0 ? body : body.substring(0, eq);
  }

  private void option(Word word) {
    String body = word.value().substring(2);
    int eq = body.indexOf('=');
    String name = optionName(word.value());
    Optional<ArgConfig> arg = named(name);
    if (arg.isEmpty() && name.equals("help")) {
      helpRequested = true;
      return;
    }
    ArgConfig target = arg.orElseThrow(() -> unknownOption(name));
    if (eq >= 0) {
      give(target, target.rest() ? restAfterEquals(word) : body.substring(eq + 1));
    } else if (!words.hasNext()) {
      throw new CommandException(Markdown.code("--" + target.name()) + " needs a value.");
    } else {
      give(target, target.rest() ? words.rest() : words.next().value());
    }
  }

  private String restAfterEquals(Word word) {
    int eq = words.raw(word.start(), word.end()).indexOf('=');
    return words.restFrom(word.start() + eq + 1);
  }

  private void give(ArgConfig arg, String value) {
    if (given.putIfAbsent(arg.name(), value) != null) {
      throw new CommandException(Markdown.code(arg.name()) + " is given more than once.");
    }
  }

  private Optional<ArgConfig> nextPositional() {
    return args.stream().filter(a -> !given.containsKey(a.name())).findFirst();
  }

  private Optional<ArgConfig> named(String name) {
    return args.stream()
        .filter(a -> a.name().equals(name))
        .findFirst()
        .or(() -> args.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst());
  }

  private Map<String, String> complete() {
    Map<String, String> values = new LinkedHashMap<>();
    for (ArgConfig arg : args) {
      values.put(arg.name(), valueOf(arg));
    }
    return Collections.unmodifiableMap(values);
  }

  private String valueOf(ArgConfig arg) {
    String value = given.get(arg.name());
    if (value == null && arg.defaultValue() != null) {
      return arg.defaultValue();
    }
    if (value == null && arg.required()) {
      throw new CommandException(Markdown.code(arg.name()) + " is required.");
    }
    return value == null ? "" : checked(arg, value);
  }

  private static String checked(ArgConfig arg, String value) {
    String chosen = value;
    if (!arg.choices().isEmpty()) {
      chosen =
          arg.choices().contains(value)
              ? value
              : arg.choices().stream()
                  .filter(c -> c.equalsIgnoreCase(value))
                  .findFirst()
                  .orElseThrow(() -> notOneOf(arg, value));
    }
    if (arg.pattern() != null && !arg.pattern().matcher(chosen).matches()) {
      throw new CommandException(
          Markdown.code(arg.name())
              + " must match "
              + Markdown.code(arg.pattern().pattern())
              + " (got "
              + Markdown.typed(value)
              + ").");
    }
    return chosen;
  }

  private static CommandException notOneOf(ArgConfig arg, String value) {
    return new CommandException(
        Markdown.code(arg.name())
            + " must be one of "
            + String.join(", ", arg.choices())
            + " (got "
            + Markdown.typed(value)
            + ").");
  }

  private CommandException tooMany(Word word) {
    return new CommandException(
        "Too many arguments: " + Markdown.typed(word.value()) + " is not expected.");
  }

  private CommandException unknownOption(String name) {
    List<String> close = Suggestions.closest(name, args.stream().map(ArgConfig::name).toList());
    String hint =
        close.isEmpty()
            ? ""
            : " Did you mean " + Markdown.orList(close.stream().map(c -> "--" + c).toList()) + "?";
    return new CommandException("Unknown option " + Markdown.typed("--" + name) + "." + hint);
  }
}
