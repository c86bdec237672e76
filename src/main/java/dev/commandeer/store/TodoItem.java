package dev.commandeer.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a channel's todo list.
 *
 * @param number the entry's number within its channel, never reused there
 * @param author who added it
 */
public record TodoItem(
    String channelId, int number, String text, String author, Instant createdAt, boolean done) {

  public TodoItem {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(text, "text");
    author = author == null ? "" : author;
    createdAt = Times.micros(Objects.requireNonNull(createdAt, "createdAt"));
  }

  TodoItem markedDone() {
    return new TodoItem(channelId, number, text, author, createdAt, true);
  }
}
