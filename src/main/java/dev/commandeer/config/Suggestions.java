package dev.commandeer.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Finds the names closest to a misspelt one, for "did you mean …?" answers. */
public final class Suggestions {

  private Suggestions() {}

  /** Candidates within a small edit distance of {@code wrong}, closest first, at most three. */
  public static List<String> closest(String wrong, Collection<String> candidates) {
    String w = wrong.toLowerCase(java.util.Locale.ROOT);
    int limit = Math.max(1, Math.min(3, w.length() / 3 + 1));
    return candidates.stream()
        .map(c -> new Scored(c, distance(w, c.toLowerCase(java.util.Locale.ROOT))))
        .filter(s -> s.distance <= limit || (w.length() >= 3 && s.name.startsWith(wrong)))
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
        .limit(3)
        .map(Scored::name)
        .toList();
  }

  private record Scored(String name, int distance) {}

  /** Levenshtein distance with adjacent transpositions counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
