package dev.commandeer.reply;

import dev.commandeer.chat.Reply;
import dev.commandeer.store.RunRecord;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A run that ended before it was recorded: a built-in that only answers runs first and is recorded
 * together with its answer, once per Mattermost post.
 *
 * @param key the post's de-duplication key
 * @param ttl how long the key is held
 * @param run the run as it ended
 * @param repeated the answer when an earlier run holds the key, given that run's id
 */
public record FirstRun(String key, Duration ttl, RunRecord run, Function<String, Reply> repeated) {

  public FirstRun {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(repeated, "repeated");
  }
}
