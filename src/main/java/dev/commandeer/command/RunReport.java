package dev.commandeer.command;

import dev.commandeer.chat.Reply;
import dev.commandeer.config.Durations;
import dev.commandeer.exec.ProcessResult;
import dev.commandeer.exec.ProcessResult.Output;
import java.time.Duration;

/**
 * The message a finished program becomes: ✅ or ❌ with the exit status and duration, then its output
 * in code blocks, cut to fit Mattermost's limit with a note saying what was left out.
 */
final class RunReport {

  /** Room kept for the headline, labels and notes around the output. */
  private static final int FRAME = 600;

  private RunReport() {}

  static String format(String display, ProcessResult result, Duration timeout) {
    StringBuilder text = new StringBuilder(headline(display, result, timeout));
    if (result.outcome() == ProcessResult.Outcome.FAILED_TO_START) {
      return text.toString();
    }
    Output out = result.stdout();
    Output err = result.stderr();
    if (out.text().isEmpty() && err.text().isEmpty()) {
      return text.append("\n_(no output)_").toString();
    }
    int room = Reply.MAX_MESSAGE_CHARS - FRAME - display.length();
    int errRoom = err.text().isEmpty() ? 0 : Math.max(room / 4, room - length(out.text()));
    int outRoom = room - Math.min(errRoom, length(err.text()));
    if (!out.text().isEmpty()) {
      text.append('\n').append(block(out, outRoom));
    }
    if (!err.text().isEmpty()) {
      text.append("\nstderr:\n").append(block(err, errRoom));
    }
    return text.toString();
  }

  private static String headline(String display, ProcessResult result, Duration timeout) {
    String took = Durations.human(result.elapsed());
    String command = Markdown.code(display);
    return switch (result.outcome()) {
      case EXITED ->
          (result.exitCode() == 0 ? "✅ " : "❌ ")
              + command
              + " · exit "
              + result.exitCode()
              + " · "
              + took;
      case TIMED_OUT ->
          "⏱️ "
              + command
              + " timed out after "
              + Durations.human(timeout)
              + " and was stopped, with every process it started";
      case CANCELLED -> "🛑 " + command + " was cancelled after " + took;
      case FAILED_TO_START -> "❌ " + command + " could not be started: " + result.startError();
      case ABORTED -> "❌ " + command + " was aborted after " + took + ": " + result.startError();
    };
  }

  private static String block(Output output, int room) {
    String body = output.text();
    boolean cutHere = length(body) > room;
    if (cutHere) {
      body = body.substring(0, body.offsetByCodePoints(0, Math.max(0, room)));
    }
    String fence = fenceFor(body);
    String block = fence + "\n" + body + (body.endsWith("\n") ? "" : "\n") + fence;
    if (cutHere || output.truncated()) {
      block +=
          "\n_(output cut: " + shownBytes(body) + " of " + output.totalBytes() + " bytes shown)_";
    }
    return block;
  }

  /** A fence longer than any run of backticks in the text, so output cannot close it early. */
  private static String fenceFor(String body) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < body.length(); i++) {
      run = body.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return "`".repeat(Math.max(3, longest + 1));
  }

  private static long shownBytes(String body) {
    return body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
