package dev.commandeer.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code serve} (the default), {@code check} and {@code try}. */
@Command(
    name = "commandeer",
    mixinStandardHelpOptions = true,
    version = "Commandeer 0.1.0",
    description = "A fast, safe command service for Mattermost.",
    subcommands = {ServeCommand.class, CheckCommand.class, TryCommand.class})
public final class CommandeerCli {

  private static final Set<String> SUBCOMMANDS = Set.of("serve", "check", "try");
  private static final Set<String> TOP_LEVEL = Set.of("-h", "--help", "-V", "--version");

  private CommandeerCli() {}

  /** Runs the command line and returns the process exit code. */
  public static int run(String... args) {
    String[] effective = args;
    if (args.length == 0 || (!SUBCOMMANDS.contains(args[0]) && !TOP_LEVEL.contains(args[0]))) {
      effective = new String[args.length + 1];
      effective[0] = "serve";
      System.arraycopy(args, 0, effective, 1, args.length);
    }
    return new CommandLine(new CommandeerCli()).execute(effective);
  }
}
