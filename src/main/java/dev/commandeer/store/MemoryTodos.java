package dev.commandeer.store;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The todo lists of a {@link MemoryStore}, which holds the lock; numbers are never reused. */
final class MemoryTodos {

  private final Clock clock;
  private final Map<String, TreeMap<Integer, TodoItem>> todos = new HashMap<>();
  private final Map<String, Integer> lastNumber = new HashMap<>();

  MemoryTodos(Clock clock) {
    this.clock = clock;
  }

  TodoItem add(String channelId, String text, String author) {
    int number = lastNumber.merge(channelId, 1, Integer::sum);
    TodoItem item = new TodoItem(channelId, number, text, author, clock.instant(), false);
    todos.computeIfAbsent(channelId, c -> new TreeMap<>()).put(number, item);
    return item;
  }

  List<TodoItem> list(String channelId) {
    return List.copyOf(of(channelId).values());
  }

  boolean done(String channelId, int number) {
    return of(channelId).computeIfPresent(number, (n, item) -> item.markedDone()) != null;
  }

  boolean delete(String channelId, int number) {
    return of(channelId).remove(number) != null;
  }

  private TreeMap<Integer, TodoItem> of(String channelId) {
    return todos.getOrDefault(channelId, new TreeMap<>());
  }
}
