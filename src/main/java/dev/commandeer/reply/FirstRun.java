package dev.commandeer.reply;

import dev.commandeer.store.RunRecord;
import java.time.Duration;
import java.util.Objects;

/**
 * A run that ended before it was recorded: a built-in that only answers runs first and is recorded
 * together with its answer, once per Mattermost post.
 *
 * @param key the request's once-key
 * @param ttl how long the key is held
 * @param run the run as it ended
 */
public record FirstRun(String key, Duration ttl, RunRecord run) {

  public FirstRun {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(run, "run");
  }
}
