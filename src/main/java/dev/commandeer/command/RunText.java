package dev.commandeer.command;

import dev.commandeer.config.Durations;
import dev.commandeer.store.RunOrigin;
import dev.commandeer.store.RunRecord;
import dev.commandeer.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How recorded runs read in answers: status, command, who, where and when. */
final class RunText {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private RunText() {}

  /** {@code ✅ succeeded}, {@code ⏱️ timed out}, … */
  static String status(RunStatus status) {
    return emoji(status) + " " + word(status);
  }

  static String word(RunStatus status) {
    return status.wireName().replace('_', ' ');
  }

  private static String emoji(RunStatus status) {
    return switch (status) {
      case QUEUED -> "⏳";
      case RUNNING -> "🏃";
      case SUCCEEDED -> "✅";
      case FAILED -> "❌";
      case TIMED_OUT -> "⏱️";
      case CANCELLED -> "🛑";
      case INTERRUPTED -> "⚠️";
    };
  }

  /** The command as it was typed, path and arguments: {@code ops deploy api staging}. */
  static String command(RunRecord run) {
    return run.arguments().isEmpty() ? run.command() : run.command() + " " + run.arguments();
  }

  /** The user name without an {@code @}, so that listing runs notifies nobody. */
  static String who(RunOrigin origin) {
    if (!origin.userName().isEmpty()) {
      return origin.userName();
    }
    return origin.userId().isEmpty() ? "somebody" : origin.userId();
  }

  static String where(RunOrigin origin) {
    if (!origin.channelName().isEmpty()) {
      return "~" + origin.channelName();
    }
    return origin.channelId().isEmpty() ? "an unknown channel" : origin.channelId();
  }

  /** {@code just now}, {@code 40s ago}, {@code 3m ago}, {@code 5h ago}, {@code 2d ago}. */
  static String ago(Instant at, Instant now) {
    long seconds = Duration.between(at, now).toSeconds();
    if (seconds < 5) {
      return "just now";
    }
    if (seconds < 60) {
      return seconds + "s ago";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m ago";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h ago";
    }
    return seconds / 86_400 + "d ago";
  }

  /** {@code 2025-01-01 12:00:00 UTC (3m ago)}. */
  static String when(Instant at, Instant now) {
    return WHEN.format(at) + " (" + ago(at, now) + ")";
  }

  static String took(Duration duration) {
    return Durations.human(duration);
  }
}
