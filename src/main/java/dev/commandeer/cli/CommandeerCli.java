package dev.commandeer.cli;

import dev.commandeer.Foundation;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    // Serving needs Vert.x, which nothing on the command line changes: it is built meanwhile.
    CompletableFuture<Foundation> foundation =
        effective[0].equals("serve") ? Foundation.prepare() : null;
    int code =
        new CommandLine(new CommandeerCli(), new Factory(new ServeCommand(foundation)))
            .execute(effective);
    if (foundation != null && code != 0) {
      Foundation.discard(foundation);
    }
    return code;
  }

  /** Hands picocli the {@code serve} command that holds the Vert.x being built. */
  private record Factory(ServeCommand serve) implements CommandLine.IFactory {

    @Override
    public <K> K create(Class<K> type) throws Exception {
      return type == ServeCommand.class
          ? type.cast(serve)
          : CommandLine.defaultFactory().create(type);
    }
  }
}
