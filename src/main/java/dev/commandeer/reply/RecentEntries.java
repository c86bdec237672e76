package dev.commandeer.reply;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** A map that forgets its least recently used entries beyond a capacity; safe across threads. */
final class RecentEntries<K, V> {

  private final Map<K, V> entries;

  RecentEntries(int capacity) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized V get(K key) {
    return entries.get(key);
  }

  synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  synchronized V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
    return entries.compute(key, remapping);
  }
}
