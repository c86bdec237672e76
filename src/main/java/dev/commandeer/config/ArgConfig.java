package dev.commandeer.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One typed argument of a command.
 *
 * @param pattern must match the whole value when set
 * @param choices the only values allowed when not empty
 * @param defaultValue used when the argument is not given; null when none
 * @param required whether the caller must give it (false when a default exists)
 * @param rest takes the remaining text verbatim; only the last argument may
 */
public record ArgConfig(
    String name,
    String description,
    Pattern pattern,
    List<String> choices,
    String defaultValue,
    boolean required,
    boolean rest) {

  public ArgConfig {
    choices = List.copyOf(choices);
  }

  public static ArgConfig of(String name) {
    return new ArgConfig(name, null, null, List.of(), null, true, false);
  }
}
