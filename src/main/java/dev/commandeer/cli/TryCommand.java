package dev.commandeer.cli;

import dev.commandeer.Commandeer;
import dev.commandeer.chat.Invocation;
import dev.commandeer.chat.Reply;
import dev.commandeer.config.Config;
import dev.commandeer.config.TokenConfig;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code commandeer try "deploy api staging"}: runs one command locally, as if typed in a channel,
 * and prints what would be posted. No Mattermost is needed.
 */
@Command(name = "try", description = "Run one command locally and print what would be posted.")
final class TryCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
  Path config;

  @Option(names = "--user", paramLabel = "NAME", description = "Run as this user (default: you).")
  String user = System.getProperty("user.name", "local");

  @Option(names = "--channel", paramLabel = "NAME", description = "Run in this channel.")
  String channel = "local";

  @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The text, e.g. \"deploy api\".")
  List<String> text;

  @Override
  public Integer call() {
    Config loaded = Configs.load(config);
    if (loaded == null) {
      return 1;
    }
    LocalConversation conversation =
        new LocalConversation(Invocation.local(user, channel, String.join(" ", text)));
    TokenConfig everything = new TokenConfig("local", "local-try-token", List.of());
    Reply reply =
        Commandeer.tryOnce(loaded, conversation, everything)
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    print(conversation.render(reply), System.out);
    return 0;
  }

  static void print(JsonObject answer, PrintStream out) {
    out.println("── " + answer.getString("where") + " ──");
    if (!answer.getString("text").isEmpty()) {
      out.println(answer.getString("text"));
    }
  }
}
