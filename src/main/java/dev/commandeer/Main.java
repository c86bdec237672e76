package dev.commandeer;

import dev.commandeer.cli.CommandeerCli;

/** Entry point of {@code commandeer.jar}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    int code = CommandeerCli.run(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
