package dev.commandeer.house;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house drawing of {@code src/main}: which package uses which, read from the source (comments
 * left out), and the arrows that must not exist.
 */
class LayeringTest {

  static final Path MAIN = Path.of("src/main/java/dev/commandeer");
  static final Pattern USE = Pattern.compile("\\bdev\\.commandeer\\.([a-z]+)\\.[A-Z]");
  static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

  /** Package to the packages it uses; the root package is "(root)". */
  static Map<String, Set<String>> uses() {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path dir = MAIN.relativize(file).getParent();
        String from = dir == null ? "(root)" : dir.toString();
        String code = COMMENT.matcher(Files.readString(file)).replaceAll("");
        Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher m = USE.matcher(code);
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            to.add(m.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return uses;
  }

  @Test
  void no_package_is_used_by_a_package_it_uses() {
    Map<String, Set<String>> uses = uses();
    List<String> cycles = new ArrayList<>();
    for (String from : uses.keySet()) {
      for (String to : uses.get(from)) {
        if (reaches(uses, to, from, new TreeSet<>())) {
          cycles.add(from + " -> " + to);
        }
      }
    }
    assertThat(cycles).isEmpty();
  }

  @Test
  void exec_and_reply_do_not_depend_on_command() {
    Map<String, Set<String>> uses = uses();
    assertThat(uses.get("exec")).doesNotContain("command", "reply", "http", "webhook", "slash");
    assertThat(uses.get("reply")).doesNotContain("command", "http", "webhook", "slash");
  }

  @Test
  void the_http_edge_knows_no_ingress_by_name() {
    assertThat(uses().get("http")).doesNotContain("webhook", "slash", "cli");
    assertThat(uses().get("webhook")).doesNotContain("http", "command", "reply");
    assertThat(uses().get("slash")).doesNotContain("http", "command", "reply");
  }

  @Test
  void the_chat_model_uses_nothing_but_config() {
    assertThat(uses().get("chat")).isSubsetOf(Set.of("config"));
  }

  private static boolean reaches(
      Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    return uses.getOrDefault(from, Set.of()).stream()
        .anyMatch(next -> reaches(uses, next, target, seen));
  }
}
