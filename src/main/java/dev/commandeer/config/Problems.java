package dev.commandeer.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects what is wrong with a configuration while it is read, in the order found. The first
 * problem at a path wins: a value that could not be expanded is not also reported as malformed.
 */
final class Problems {

  private final List<ConfigProblem> found = new ArrayList<>();
  private final Set<String> paths = new HashSet<>();

  void add(String path, String message) {
    if (path.isEmpty() || paths.add(path)) {
      found.add(new ConfigProblem(path, message));
    }
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  List<ConfigProblem> list() {
    return List.copyOf(found);
  }

  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }
}
