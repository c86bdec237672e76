package dev.commandeer.command;

import dev.commandeer.chat.MessageText;
import dev.commandeer.config.CommandConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a line of text turned out to be: a command to run, help to show, or a refusal. */
public sealed interface Resolution {

  /**
   * A command to run.
   *
   * @param path the command's names as configured, top level first: {@code [ops, deploy]}
   * @param command the command itself (never a group, never {@code help})
   * @param args every declared argument in declared order, defaults applied; an optional argument
   *     that was not given and has no default is the empty string
   * @param display the command as it will run, for answers: {@code deploy api staging}
   */
  record Run(List<String> path, CommandConfig command, Map<String, String> args, String display)
      implements Resolution {

    public Run {
      path = List.copyOf(path);
      Objects.requireNonNull(command, "command");
      args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
      Objects.requireNonNull(display, "display");
    }
  }

  /** Help to show the caller; markdown within Mattermost's limit. */
  record Help(String text) implements Resolution {

    public Help {
      text = MessageText.fit(text);
    }
  }

  /**
   * Why nothing runs (unknown command, not allowed, bad arguments, bad quoting); markdown within
   * Mattermost's limit, written for the caller.
   */
  record Refusal(String text) implements Resolution {

    public Refusal {
      text = MessageText.fit(text);
    }
  }
}
