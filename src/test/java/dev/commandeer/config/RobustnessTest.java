package dev.commandeer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever value any key of the example holds, loading answers with a config or with problems: it
 * never throws, and a refused config always says why.
 */
class RobustnessTest {

  private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*-?\\s*)(\\w+): (\\S.*)$");
  private static final List<String> ODD_VALUES =
      List.of("[]", "{}", "~", "[[x]]", "{a: 1}", "0", "-1", "99999999999999999999", "''", "'${'");

  static Stream<String> mutatedExamples() throws Exception {
    List<String> lines = Files.readAllLines(ConfigLoaderTest.example());
    List<String> variants = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = KEY_VALUE.matcher(lines.get(i));
      if (m.matches()) {
        for (String odd : ODD_VALUES) {
          List<String> copy = new ArrayList<>(lines);
          copy.set(i, m.group(1) + m.group(2) + ": " + odd);
          variants.add(String.join("\n", copy));
        }
      }
    }
    assertThat(variants).hasSizeGreaterThan(200);
    return variants.stream();
  }

  @ParameterizedTest
  @MethodSource("mutatedExamples")
  void never_throws_whatever_value_a_key_holds(String yaml) {
    List<ConfigProblem> problems = new ArrayList<>();

    assertThatCode(
            () ->
                problems.addAll(
                    ConfigLoader.fromYaml(yaml, ConfigLoaderTest.EXAMPLE_ENV).problems()))
        .doesNotThrowAnyException();
    assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());
  }
}
